#!/usr/bin/env bash
# Wall-clock of es and ars training with 1 and 2 evaluation threads (-Dbellman.threads), and the evaluation throughput
# (episodes/s, env steps/s), on CartPole-v1 and Pendulum-v1 with their tuned hyperparameters (hyperparams/{es,ars}.yml)
# and a fixed budget per env. The 1- and 2-thread runs alternate (REPS pairs), so that a change of machine load hits
# both alike; the table gives the median of each. Results are identical for 1 and 2 threads (EsTrainingTest), so only
# the time differs. Wall time is the training time in summary.json (no greedy evaluation: --eval-episodes 0).
# Usage (repository root): tools/bench/es_threads.sh [REPS] [CARTPOLE_STEPS] [PENDULUM_STEPS]   (defaults 3 300000 2000000)
# Needs bellman-cli/target/bellman.jar (./bellman builds it). Run it on a quiet machine; it prints `uptime` before and after.
set -euo pipefail
REPS=${1:-3}
CARTPOLE_STEPS=${2:-300000}
PENDULUM_STEPS=${3:-2000000}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=bellman-cli/target/bellman.jar
[ -f "$JAR" ] || { echo "es_threads.sh: $JAR not found; build it with ./bellman --version" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# one training run; prints "wall_s steps episodes"
run() { # algo env steps threads
  local dir="$OUT/$1-$2-$4"
  "$JAVA" --add-modules jdk.incubator.vector -Dbellman.threads="$4" -jar "$JAR" train --algo "$1" --env "$2" \
    --seed 1 --total-timesteps "$3" --eval-episodes 0 --no-plot --overwrite --run-dir "$dir" >/dev/null 2>&1
  python3 - "$dir" <<'EOF'
import csv, json, sys
d = sys.argv[1]
wall = json.load(open(d + "/summary.json"))["wall_time_s"]
steps = episodes = 0
with open(d + "/metrics.csv") as f:
    for row in csv.DictReader(f):
        steps = max(steps, int(float(row["global_step"])))
        if row["charts/episodic_return"]:
            episodes += 1
print(wall, steps, episodes)
EOF
}

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

uptime
nproc_=$(nproc)
printf '\n%-5s %-12s %10s %9s | %10s %10s %10s | %10s %10s %10s | %7s\n' algo env steps episodes \
  "wall 1t s" "eps/s 1t" "steps/s 1t" "wall 2t s" "eps/s 2t" "steps/s 2t" speedup
for spec in "es CartPole-v1 $CARTPOLE_STEPS" "ars CartPole-v1 $CARTPOLE_STEPS" \
            "es Pendulum-v1 $PENDULUM_STEPS" "ars Pendulum-v1 $PENDULUM_STEPS"; do
  set -- $spec
  w1=(); w2=(); steps=0; eps=0
  for ((r = 0; r < REPS; r++)); do
    read -r w s e < <(run "$1" "$2" "$3" 1); w1+=("$w"); steps=$s; eps=$e
    read -r w s e < <(run "$1" "$2" "$3" 2); w2+=("$w")
  done
  m1=$(median "${w1[@]}"); m2=$(median "${w2[@]}")
  python3 - "$1" "$2" "$steps" "$eps" "$m1" "$m2" <<'EOF'
import sys
algo, env, steps, eps, m1, m2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
print("%-5s %-12s %10d %9d | %10.2f %10.0f %10.0f | %10.2f %10.0f %10.0f | %7.2f" % (
    algo, env, steps, eps, m1, eps / m1, steps / m1, m2, eps / m2, steps / m2, m1 / m2))
EOF
done
echo "(median of $REPS alternating runs each; $nproc_ cores; JVM start and env setup excluded, JIT warm-up included)"
uptime
