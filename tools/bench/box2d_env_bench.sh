#!/usr/bin/env bash
# Box2D env steps/s, Bellman (JBox2D) against Gymnasium (pybox2d), back to back, one thread each, with the load.
# Usage (repository root, bench jar built): tools/bench/box2d_env_bench.sh [STEPS]   (default 100000 per id)
set -euo pipefail
STEPS=${1:-100000}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
uptime
"$JAVA" --add-modules jdk.incubator.vector -Dbellman.threads=1 -cp bellman-bench/target/benchmarks.jar \
  dev.bellman.bench.Box2DEnvBench "$STEPS" 2>&1 | grep -v WARNING
uptime
PYTHONPATH=$PEERS_PATH_GYM_HEAD $PY tools/bench/box2d_env_bench.py "$STEPS"
uptime
