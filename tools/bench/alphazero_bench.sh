#!/bin/bash
# AlphaZero tower (17x9x9, 6 blocks x 64 channels): Bellman and PyTorch side by side, 1 and 2 threads.
# Build first: ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am
# CPU=thread in the environment: both sides report this thread's CPU time instead of the process's.
set -e
cd "$(dirname "$0")/../.."
source "$(dirname "${BASH_SOURCE[0]}")/peer_env.sh"
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for t in ${THREADS:-1 2}; do
  echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
  "$J" --add-modules jdk.incubator.vector -Dbellman.threads=$t -cp bellman-bench/target/benchmarks.jar \
      dev.bellman.bench.AlphaZeroTowerTable 2>&1 | grep -v "^WARNING: Using incubator"
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$PY" tools/bench/alphazero_bench.py $t
done
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
