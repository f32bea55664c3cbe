#!/bin/sh
# The Elo ladder of issue 17: every snapshot of an alphazero Go run (train with --set snapshot-interval=K) against
# random and pure UCT with 1,000 playouts, and the fixed players linked to each other (UCT 1,000 and 10,000, GNU Go
# levels 1 and 10), then 'bellman ladder' over all of them (anchor: random).
# Usage: tools/go-ladder.sh RUN_DIR OUT_DIR [GAMES] [SIMS] [JOBS] [OPENING]
#   GAMES per match (default 20), SIMS the snapshots' search simulations (default 50), JOBS matches at once (default 2),
#   OPENING random opening moves per pair of games (arena --random-opening; default 0), so that deterministic players
#   do not repeat their games.
# Matches already in OUT_DIR/arena (an arena.json there) are kept, so a stopped ladder resumes.
# Writes OUT_DIR/arena/NAME/ per match and OUT_DIR/ladder.{json,csv,png}. Needs the Debian package gnugo.
set -e
[ $# -ge 2 ] || { echo "usage: $0 RUN_DIR OUT_DIR [GAMES] [SIMS] [JOBS] [OPENING]" >&2; exit 2; }
RUN=$(realpath "$1")
OUT=$(realpath -m "$2")
GAMES=${3:-20}
SIMS=${4:-50}
JOBS=${5:-2}
OPENING=${6:-0}
cd "$(dirname "$0")/.."
[ -d "$RUN/snapshots" ] || { echo "$RUN has no snapshots/; train with --set snapshot-interval=K" >&2; exit 2; }
GAME=$(sed -n 's/.*"env" *: *"\([^"]*\)".*/\1/p' "$(ls -d "$RUN"/snapshots/step-* | head -1)/model/manifest.json")
mkdir -p "$OUT/arena"
{
  for s in "$RUN"/snapshots/step-*; do
    n=$(basename "$s")
    echo "$n-random $s:sims=$SIMS random"
    echo "$n-mcts1000 $s:sims=$SIMS mcts:1000"
  done
  echo "mcts1000-random mcts:1000 random"
  echo "mcts1000-mcts10000 mcts:1000 mcts:10000"
  echo "mcts10000-gnugo1 mcts:10000 gnugo:1"
  echo "mcts1000-gnugo1 mcts:1000 gnugo:1"
  echo "gnugo1-gnugo10 gnugo:1 gnugo:10"
} | while read -r name a b; do
  [ -f "$OUT/arena/$name/arena.json" ] && continue
  echo "$name $a $b"
done | xargs -P "$JOBS" -L 1 sh -c './bellman arena "$1" "$2" --game '"$GAME"' --games '"$GAMES"' --seed 1 \
  --random-opening '"$OPENING"' --out '"$OUT"'/arena/"$0" > '"$OUT"'/arena/"$0".log 2>&1 && grep -h " losses for A" '"$OUT"'/arena/"$0".log'
./bellman ladder "$OUT"/arena/*/ --anchor random --out "$OUT"
