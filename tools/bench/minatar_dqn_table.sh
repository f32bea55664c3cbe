#!/usr/bin/env bash
# The issue-15 table of DQN on MinAtar at 1M frames: the tuned entry (the MinAtar paper's agent, its reference's
# exploration schedule), all 6 actions (-v0), seeds 1-3 of SpaceInvaders, Breakout, Asterix, Freeway and Seaquest, JOBS
# runs at a time at one thread each (a run's update is mostly serial; two runs on two cores each go at the speed of one
# alone). A run directory without summary.json is resumed from its last checkpoint (every 100,000 frames), so the script
# can be started again after a restart and picks up where it stopped.
# Usage: tools/bench/minatar_dqn_table.sh RUNS_ROOT [JOBS [GAME:SEED...]]; then tools/bench/minatar_curves.sh RUNS_ROOT
# OUT_DIR. With GAME:SEED arguments (e.g. Asterix:1 Freeway:2) only those runs, in that order; without, all 15.
# Runs ./bellman of this checkout: rebuild nothing here while the table runs (a resumed run would pick up the new jar).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:?usage: minatar_dqn_table.sh RUNS_ROOT [JOBS [GAME:SEED...]]}
JOBS=${2:-2}
shift $(( $# < 2 ? $# : 2 ))
for run in "$@"; do
  case "${run%%:*}" in
    SpaceInvaders|Breakout|Asterix|Freeway|Seaquest) [[ "$run" =~ ^[A-Za-z]+:[0-9]+$ ]] && continue ;;
  esac
  echo "minatar_dqn_table.sh: '$run' is not GAME:SEED with GAME one of SpaceInvaders Breakout Asterix" \
    "Freeway Seaquest (e.g. Asterix:1)" >&2
  exit 2
done
mkdir -p "$RUNS"
RUNS=$(cd "$RUNS" && pwd)
job() {
  local game=$1 seed=$2 dir="$RUNS/dqn-$1-s$2" rc
  [ -f "$dir/summary.json" ] && return 0
  echo "$(date -u +%FT%TZ) start $game s$seed" >> "$RUNS/queue.log"
  if [ -d "$dir" ]; then
    BELLMAN_JAVA_OPTS=-Dbellman.threads=1 /usr/bin/time -f "%e s wall %U s user" \
      "$ROOT/bellman" train --resume "$dir" --no-plot >> "$dir.log" 2>&1
  else
    BELLMAN_JAVA_OPTS=-Dbellman.threads=1 /usr/bin/time -f "%e s wall %U s user" \
      "$ROOT/bellman" train --algo dqn --env "MinAtar/$game-v0" --seed "$seed" --total-timesteps 1000000 \
      --set exploration-fraction=0.1 --eval-episodes 100 --no-plot --run-dir "$dir" > "$dir.log" 2>&1
  fi
  rc=$?
  echo "$(date -u +%FT%TZ) end $game s$seed rc $rc" >> "$RUNS/queue.log"
}
export -f job
export ROOT RUNS
list() {
  if [ $# -gt 0 ]; then
    for run in "$@"; do echo "${run%%:*} ${run#*:}"; done
  else
    for game in SpaceInvaders Breakout Asterix Freeway Seaquest; do
      for seed in 1 2 3; do echo "$game $seed"; done
    done
  fi
}
list "$@" | xargs -P "$JOBS" -L 1 bash -c 'job "$0" "$1"'
