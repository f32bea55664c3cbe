#!/usr/bin/env bash
# A B A B for a speed change on DQN on MinAtar: the reference examples/dqn.py (optional), then two Bellman jars (the
# change's and the baseline's), ROUNDS times, each a whole process under nice -n 10, with the command line of
# tools/bench/minatar_dqn_bench.sh (java -jar with the flags of ./bellman, without its class-data archive).
# Prints uptime per round and '%e s wall %U user' per run. Usage (from the repository root):
#   tools/bench/minatar_dqn_ab.sh NEW_JAR BASE_JAR [FRAMES=25000] [THREADS=1] [ROUNDS=2] [REFERENCE=1]
set -uo pipefail
NEW=$1; BASE=$2; FRAMES=${3:-25000}; THREADS=${4:-1}; ROUNDS=${5:-2}; REF=${6:-1}
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
. "$(dirname "$0")/../../.mvn/select-jdk.sh"
WORK=$(mktemp -d)
sed "s/^NUM_FRAMES = 5000000\$/NUM_FRAMES = $FRAMES/" "$PEERS_SRC/minatar/examples/dqn.py" > "$WORK/dqn.py"
bell() { # label jar round
  /usr/bin/time -f "$1 t$THREADS %e s wall %U user" nice -n 10 "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector \
    -Dbellman.threads="$THREADS" -jar "$2" train --algo dqn --env MinAtar/Breakout-v0 --seed 1 --total-timesteps "$FRAMES" \
    --set exploration-fraction=1 --set end-e=0.82 --checkpoint-frequency 0 --eval-episodes 0 --no-plot \
    --run-dir "$WORK/b-$1-$3" > /dev/null 2> "$WORK/err"
  tail -1 "$WORK/err"
}
for r in $(seq "$ROUNDS"); do
  echo "round $r: $(uptime)"
  if [ "$REF" = 1 ]; then
    (cd "$WORK" && OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS PYTHONPATH=$PEERS_PATH_GYM_HEAD \
      /usr/bin/time -f "reference t$THREADS %e s wall %U user" nice -n 10 "$PY" dqn.py -g breakout -o "$WORK/ref" \
      > /dev/null 2> "$WORK/err"; tail -1 "$WORK/err")
  fi
  bell new "$NEW" "$r"
  bell base "$BASE" "$r"
done
echo "end: $(uptime)"
rm -rf "$WORK"
