#!/usr/bin/env bash
# CarRacing-v3 steps/s with rendering (the observation is the 96x96 rendering), Bellman (JBox2D, own rasteriser)
# against Gymnasium (pybox2d, pygame), back to back, one thread each, with the load.
# Usage (repository root, bench jar built): tools/bench/carracing_bench.sh [STEPS]   (default 5000 per mode)
set -euo pipefail
STEPS=${1:-5000}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
uptime
"$JAVA" --add-modules jdk.incubator.vector -Dbellman.threads=1 -cp bellman-bench/target/benchmarks.jar \
  dev.bellman.bench.CarRacingBench "$STEPS" 2>&1 | grep -v WARNING
uptime
PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/carracing_bench.py "$STEPS" 2>&1 | grep -v -i pygame
uptime
