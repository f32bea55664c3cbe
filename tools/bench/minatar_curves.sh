#!/usr/bin/env bash
# Curves and figures of the MinAtar DQN runs (issue 15): for each game, one PNG with a curve per seed (the mean return
# of the episodes that ended in the last WINDOW frames, as the MinAtar paper plots) and, per run, the mean training
# return over the WINDOW frames before AT and the greedy evaluation of its summary.json, then the medians over seeds.
# Usage: tools/bench/minatar_curves.sh RUNS_ROOT OUT_DIR [AT [WINDOW]]
#   RUNS_ROOT holds run directories named dqn-<Game>-s<seed> (e.g. /work/runs15); AT defaults to 1000000, WINDOW to
#   100000. Games without runs are skipped. Only reads the run directories.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:?usage: minatar_curves.sh RUNS_ROOT OUT_DIR [AT [WINDOW]]}
OUT=${2:?usage: minatar_curves.sh RUNS_ROOT OUT_DIR [AT [WINDOW]]}
AT=${3:-1000000}
WINDOW=${4:-100000}
mkdir -p "$OUT"
for game in Breakout Freeway SpaceInvaders Asterix Seaquest; do
  dirs=()
  for d in "$RUNS"/dqn-"$game"-s*; do
    [ -f "$d/metrics.csv" ] && dirs+=("$d")
  done
  [ ${#dirs[@]} -eq 0 ] && continue
  echo "== $game"
  "$ROOT/bellman" plot "${dirs[@]}" --each --window-steps "$WINDOW" --at "$AT" \
    --title "DQN on MinAtar/$game (mean over the last $WINDOW frames)" --out "$OUT/dqn-$game.png"
done
