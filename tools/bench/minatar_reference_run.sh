#!/usr/bin/env bash
# The MinAtar reference agent examples/dqn.py (unmodified except NUM_FRAMES) on one game, then the training measures of
# minatar_curves.sh on its output: the mean return of the last 100 episodes that ended by FRAMES (the MinAtar README's
# curves), and of the episodes that ended in the last WINDOW frames up to FRAMES. Those are the figures to put beside
# Bellman's 1M-frame table (tools/bench/minatar_dqn_table.sh) for the same game.
# Usage (from the repository root): tools/bench/minatar_reference_run.sh GAME FRAMES OUT_PREFIX [WINDOW=100000]
#   GAME as the reference names it: space_invaders, breakout, asterix, freeway or seaquest (all 6 actions, sticky
#   actions 0.1, difficulty ramping: Bellman's MinAtar/<Game>-v0). The reference seeds nothing, so each run is another
#   draw. One torch thread, the reference's fastest setting here (about 5 ms a frame: 1M Breakout frames took 5,045 s
#   of user CPU, 87 minutes, on an Ice Lake Xeon with OpenBLAS, 2026-12-07).
#   Writes OUT_PREFIX_data_and_weights (the reference's own output) and OUT_PREFIX.log.
set -euo pipefail
GAME=${1:?usage: minatar_reference_run.sh GAME FRAMES OUT_PREFIX [WINDOW]}
FRAMES=${2:?usage: minatar_reference_run.sh GAME FRAMES OUT_PREFIX [WINDOW]}
OUT=${3:?usage: minatar_reference_run.sh GAME FRAMES OUT_PREFIX [WINDOW]}
WINDOW=${4:-100000}
OUT=$(realpath -m "$OUT") # the reference runs in a scratch folder: a relative prefix would write its output there
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed "s/^NUM_FRAMES = 5000000\$/NUM_FRAMES = $FRAMES/" "$PEERS_SRC/minatar/examples/dqn.py" > "$WORK/dqn.py"
grep -q "^NUM_FRAMES = $FRAMES\$" "$WORK/dqn.py" || { echo "NUM_FRAMES not found in dqn.py" >&2; exit 1; }
# The reference logs its progress every 1,000 episodes with logging.info under -v, but MinAtar's import warns first
# (no matplotlib) and that warning sets the root logger to WARNING, so nothing showed until the end. Setting INFO
# before dqn.py runs (runpy, the file unchanged) makes those lines reach the log.
(cd "$WORK" && OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$PEERS_PATH_GYM_HEAD PYTHONUNBUFFERED=1 \
    /usr/bin/time -f '%e s wall %U s user' "$PY" -c 'import logging, runpy, sys
logging.basicConfig(level=logging.INFO)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' dqn.py -g "$GAME" -o "$OUT" -v) > "$OUT.log" 2>&1
PYTHONPATH=$PEERS_PATH_GYM_HEAD "$PY" - "$OUT" "$FRAMES" "$WINDOW" <<'PYEOF'
import sys, torch
out, frames, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = torch.load(out + "_data_and_weights", map_location="cpu")
returns, stamps = d["returns"], d["frame_stamps"]
last = [float(r) for r, t in zip(returns, stamps) if frames - window < t <= frames]
mean = sum(last) / len(last) if last else float("nan")
by = [float(r) for r, t in zip(returns, stamps) if t <= frames][-100:]
mean100 = sum(by) / len(by) if by else float("nan")
print(f"{out}: {len(returns)} episodes; training mean of the last {len(by)} episodes {mean100:.2f}; over the last"
      f" {window} frames {mean:.2f} ({len(last)} episodes)")
PYEOF
tail -n 1 "$OUT.log"
