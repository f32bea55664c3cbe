#!/usr/bin/env bash
# DQN frames per second, Bellman against the MinAtar reference agent examples/dqn.py (unmodified except NUM_FRAMES),
# both timed as whole processes, back to back, same thread count. Usage (from the repository root):
#   tools/bench/minatar_dqn_bench.sh [FRAMES=25000] [THREADS=2]
# FRAMES includes the 5,000 warm-up frames of random actions (no updates), so 25,000 = 20,000 frames with an update each.
set -euo pipefail
FRAMES=${1:-25000}
THREADS=${2:-2}
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
WORK=$(mktemp -d)
sed "s/^NUM_FRAMES = 5000000\$/NUM_FRAMES = $FRAMES/" "$PEERS_SRC/minatar/examples/dqn.py" > "$WORK/dqn.py"
diff "$PEERS_SRC/minatar/examples/dqn.py" "$WORK/dqn.py" || true   # the one changed line
uptime
echo "== reference examples/dqn.py: breakout (all 6 actions), $FRAMES frames, $THREADS torch threads"
(cd "$WORK" && OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS PYTHONPATH=$PEERS_PATH_GYM_HEAD \
    /usr/bin/time -f '%e s %U user' "$PY" dqn.py -g breakout -o "$WORK/ref")
uptime
echo "== bellman: MinAtar/Breakout-v0 (6 actions), the tuned entry, $FRAMES frames, $THREADS threads"
# epsilon 1 -> 0.82 over the run approximates the reference's (1 for 5,000 frames, then 0.9 per 100,000 frames)
BELLMAN_JAVA_OPTS=-Dbellman.threads=$THREADS /usr/bin/time -f '%e s %U user' ./bellman train --algo dqn \
    --env MinAtar/Breakout-v0 --seed 1 --total-timesteps "$FRAMES" --set exploration-fraction=1 --set end-e=0.82 \
    --checkpoint-frequency 0 --eval-episodes 0 --no-plot --run-dir "$WORK/bellman"
uptime
rm -rf "$WORK"
