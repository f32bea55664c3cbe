#!/usr/bin/env bash
# Serve throughput and latency of the CartPole PPO policy, from a clean clone, in one command:
#   tools/bench/serve_load.sh [RUN_DIR] [SECONDS] [WARMUP_SECONDS]
# Trains the policy into RUN_DIR (default target/serve-load/ppo-CartPole-v1-s1) unless a trained run is there,
# starts 'bellman serve' on it (-Dbellman.threads=1, --batch-window-us 0 as by default) on a free port (--port 0), runs
# tools/bench/ServeLoad.java at concurrency 1 and 16 (SECONDS, default 10, after WARMUP_SECONDS, default 3), prints
# `uptime` before each, and stops the server. Needs only a JDK 21+ (the build is ./bellman's).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${1:-$ROOT/target/serve-load/ppo-CartPole-v1-s1}
SECONDS_=${2:-10}
WARMUP=${3:-3}
. "$ROOT/.mvn/select-jdk.sh"

if [ ! -f "$RUN/model/manifest.json" ]; then
  mkdir -p "$(dirname "$RUN")"
  BELLMAN_JAVA_OPTS="-Dbellman.threads=1" "$ROOT/bellman" train --algo ppo --env CartPole-v1 --seed 1 \
    --total-timesteps 50000 --eval-episodes 10 --no-plot --overwrite --run-dir "$RUN"
fi

LOG=$(mktemp)
BELLMAN_JAVA_OPTS="-Dbellman.threads=1" "$ROOT/bellman" serve --run-dir "$RUN" --port 0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do
  if grep -q "^serving " "$LOG"; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then cat "$LOG" >&2; exit 1; fi
  sleep 0.1
done
grep "^serving " "$LOG"
URL=$(sed -n 's/^serving .* at \(http:[^ ]*\) .*/\1/p' "$LOG" | head -1)
for C in 1 16; do
  echo "== concurrency $C; uptime: $(uptime)"
  "$JAVA_HOME/bin/java" "$ROOT/tools/bench/ServeLoad.java" "$URL" "$C" "$SECONDS_" "$WARMUP"
done
