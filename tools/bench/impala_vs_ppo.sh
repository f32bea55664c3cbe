#!/usr/bin/env bash
# IMPALA against PPO on CartPole-v1, learning curves against wall-clock time, in one command:
#   tools/bench/impala_vs_ppo.sh [OUT_DIR] [SEEDS]
# Trains `impala` (tuned entry: 4 actor threads + the learner, deterministic mode) and `ppo` (tuned entry) for each seed
# (default "1 2 3") with -Dbellman.threads=1, printing `uptime` and the wall time of each run and the greedy evaluation
# (20 episodes) from summary.json, then draws docs/img/impala-vs-ppo-cartpole.png (or OUT_DIR/curves.png when OUT_DIR
# is given) with tools/bench/WallClockCurves.java. Needs only a JDK 21+ (the build is ./bellman's).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${1:-$ROOT/target/impala-vs-ppo}
SEEDS=${2:-1 2 3}
PNG=$ROOT/docs/img/impala-vs-ppo-cartpole.png
[ -n "${1:-}" ] && PNG=$OUT/curves.png
. "$ROOT/.mvn/select-jdk.sh"
mkdir -p "$OUT"
DIRS=()
for s in $SEEDS; do
  for algo in impala ppo; do
    RUN=$OUT/$algo-s$s
    echo "== $algo seed $s; $(uptime)"
    START=$(date +%s.%N)
    BELLMAN_JAVA_OPTS="-Dbellman.threads=1" "$ROOT/bellman" train --algo "$algo" --env CartPole-v1 --seed "$s" \
      --checkpoint-frequency 0 --eval-episodes 20 --no-plot --overwrite --run-dir "$RUN" > "$OUT/$algo-s$s.log"
    END=$(date +%s.%N)
    echo "   wall $(echo "$END - $START" | bc) s; $(grep -o '"mean" *: *[0-9.]*' "$RUN/summary.json" | head -1)"
    DIRS+=("$RUN")
  done
done
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$ROOT/bellman-cli/target/bellman.jar" \
  "$ROOT/tools/bench/WallClockCurves.java" "$PNG" "IMPALA vs PPO, CartPole-v1 (1 tensor thread each)" "${DIRS[@]}" \
  2> >(grep -v 'incubator' >&2)
echo "wrote $PNG"
