#!/usr/bin/env bash
# Curves and figures of the MinAtar DQN runs (issue 15). For each game, per run: the mean training return of its last
# EPISODES episodes that ended by frame AT, the measure of the MinAtar README's learning curves ("moving average of
# returns over 100 episodes", plotted at the frame where the last of them ended), and the greedy evaluation of its
# summary.json; then the medians over the seeds. Then the same table with the mean over the episodes that ended in the
# last STEPS frames before AT (the measure of this project's tables before 2026-12-06). Curves of both measures as PNGs.
# Usage: tools/bench/minatar_curves.sh RUNS_ROOT OUT_DIR [AT [EPISODES [STEPS]]]
#   RUNS_ROOT holds run directories named dqn-<Game>-s<seed> (e.g. /work/runs15); AT defaults to 1000000, EPISODES to
#   100, STEPS to 100000. Games without runs are skipped. Only reads the run directories; writes
#   OUT_DIR/dqn-<Game>.png (episodes) and OUT_DIR/dqn-<Game>-steps.png.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
USAGE="usage: minatar_curves.sh RUNS_ROOT OUT_DIR [AT [EPISODES [STEPS]]]"
RUNS=${1:?$USAGE}
OUT=${2:?$USAGE}
AT=${3:-1000000}
EPISODES=${4:-100}
STEPS=${5:-100000}
mkdir -p "$OUT"
for game in Breakout Freeway SpaceInvaders Asterix Seaquest; do
  dirs=()
  for d in "$RUNS"/dqn-"$game"-s*; do
    [ -f "$d/metrics.csv" ] && dirs+=("$d")
  done
  [ ${#dirs[@]} -eq 0 ] && continue
  echo "== $game: the last $EPISODES episodes ending by frame $AT"
  "$ROOT/bellman" plot "${dirs[@]}" --each --window-episodes "$EPISODES" --at "$AT" \
    --title "DQN on MinAtar/$game (mean of the last $EPISODES episodes)" --out "$OUT/dqn-$game.png"
  echo "== $game: the episodes ending in the last $STEPS frames before $AT"
  "$ROOT/bellman" plot "${dirs[@]}" --each --window-steps "$STEPS" --at "$AT" \
    --title "DQN on MinAtar/$game (mean over the last $STEPS frames)" --out "$OUT/dqn-$game-steps.png"
done
