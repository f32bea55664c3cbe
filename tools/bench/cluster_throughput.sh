#!/bin/bash
# Environment throughput of IMPALA on CartPole-v1 with 1, 2 and 4 actor JVMs on this machine (bellman cluster learner
# plus N x bellman cluster actor on loopback, free-running), against single-process A2C and PPO (bellman train), and
# the scaling efficiency fps(N) / (N * fps(1)). Every JVM runs with -Dbellman.threads=1.
#
#   tools/bench/cluster_throughput.sh   # WARMUP=10 WINDOW=30 seconds, MIN_STEPS=200000, ACTORS="1 2 4"
#
# Frames per second = env steps the learner consumed in a fixed WINDOW of wall time, read from its progress lines,
# once all actors joined, the learner has consumed MIN_STEPS (JVM start and JIT warm-up behind; at most 180 s) and
# WARMUP more seconds passed. The learner's batch (num-actors) is N segments. Baselines:
# steps_per_second of summary.json of a BASE_STEPS-step run (wall time of training only, evaluation excluded).
# Writes its table to stdout and keeps logs under OUT (default target/cluster-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUP=${WARMUP:-10}
MIN_STEPS=${MIN_STEPS:-200000}
WINDOW=${WINDOW:-30}
ACTORS=${ACTORS:-"1 2 4"}
BASE_STEPS=${BASE_STEPS:-100000}
PORT=${PORT:-5801}
OUT=${OUT:-target/cluster-bench}
export BELLMAN_JAVA_OPTS="${BELLMAN_JAVA_OPTS:-} -Dbellman.threads=1"
rm -rf "$OUT" && mkdir -p "$OUT"
./bellman --version >/dev/null # builds the jar once, outside the timings
SECRET="$OUT/cluster.secret"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$SECRET"
load() { cut -d' ' -f1-3 /proc/loadavg; }
last_step() { (grep -o 'step [0-9]*/' "$1" || echo 0) | tail -1 | tr -dc '0-9'; }
now() { date +%s.%N; }
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "# $(date -u +%FT%TZ) load $(load) on $(nproc) cores"
declare -A FPS
for n in $ACTORS; do
  PIDS=()
  L="$OUT/learner-$n.log"
  ./bellman cluster learner --algo impala --env CartPole-v1 --actors "$n" --total-timesteps 100000000 \
      --run-dir "$OUT/run-$n" --port "$PORT" --secret-file "$SECRET" --progress-interval 1 --no-plot \
      --eval-episodes 0 --checkpoint-frequency 0 >"$L" 2>&1 &
  PIDS+=($!)
  until grep -q "listening on" "$L"; do sleep 0.5; done
  for i in $(seq 1 "$n"); do
    ./bellman cluster actor --join "127.0.0.1:$PORT" --secret-file "$SECRET" >"$OUT/actor-$n-$i.log" 2>&1 &
    PIDS+=($!)
  done
  for w in $(seq 1 240); do
    [ "$(cat "$OUT"/actor-"$n"-*.log | grep -c 'joined the learner')" -ge "$n" ] && break
    sleep 0.5
  done
  if [ "$(cat "$OUT"/actor-"$n"-*.log | grep -c 'joined the learner')" -lt "$n" ]; then
    echo "impala, $n actor JVM(s): not all actors joined within 120 s (logs in $OUT)"; cleanup; exit 1
  fi
  for w in $(seq 1 360); do
    [ "$(last_step "$L" || echo 0)" -ge "$MIN_STEPS" ] 2>/dev/null && break
    sleep 0.5
  done
  sleep "$WARMUP"
  s0=$(last_step "$L"); t0=$(now)
  sleep "$WINDOW"
  s1=$(last_step "$L"); t1=$(now)
  alive=$( (grep -L "left the cluster\|failed\|published no run" "$OUT"/actor-"$n"-*.log || true) | wc -l)
  if [ "$alive" -lt "$n" ]; then echo "warning: only $alive of $n actor JVMs ran through the window (see $OUT)"; fi
  FPS[$n]=$(echo "($s1 - $s0) / ($t1 - $t0)" | bc -l)
  printf "impala, %d actor JVM(s): %.0f frames/s (steps %d -> %d in %.1f s), load %s\n" "$n" "${FPS[$n]}" "$s0" "$s1" \
      "$(echo "$t1 - $t0" | bc -l)" "$(load)"
  cleanup
  wait 2>/dev/null || true
  PORT=$((PORT + 10))
done
for algo in a2c ppo; do
  ./bellman train --algo "$algo" --env CartPole-v1 --total-timesteps "$BASE_STEPS" --run-dir "$OUT/$algo" \
      --eval-episodes 0 --no-plot >"$OUT/$algo.log" 2>&1
  sps=$(grep -o '"steps_per_second" *: *[0-9.]*' "$OUT/$algo/summary.json" | grep -o '[0-9.]*$')
  printf "%s, one process: %.0f frames/s (%d steps), load %s\n" "$algo" "$sps" "$BASE_STEPS" "$(load)"
done
first=$(echo $ACTORS | cut -d' ' -f1)
for n in $ACTORS; do
  printf "scaling efficiency, %d actor JVM(s): %.2f (fps(%d) / (%d x fps(%d)))\n" "$n" \
      "$(echo "${FPS[$n]} / ($n / $first * ${FPS[$first]})" | bc -l)" "$n" "$n" "$first"
done
echo "# $(date -u +%FT%TZ) load $(load)"
