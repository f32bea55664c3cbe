#!/bin/sh
# Convolutional workloads, Bellman (ConvNetTable) and PyTorch (torch_conv_bench.py) back to back, 1 and 2 threads.
# Build first: ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am
# Usage: tools/bench/conv_bench.sh [name filter]     (from the repository root)
set -e
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PY=${PY:-/usr/bin/python3}
DIR=$(dirname "$0")
for t in 1 2; do
  echo "== threads $t; load: $(uptime | sed 's/.*load average/load average/')"
  "$J" --add-modules jdk.incubator.vector -Dbellman.threads=$t -cp bellman-bench/target/benchmarks.jar \
      dev.bellman.bench.ConvNetTable "$@" 2>/dev/null
  OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t PYTHONPATH=$DIR "$PY" "$DIR/torch_conv_bench.py" --threads $t "$@"
done
echo "== load after: $(uptime | sed 's/.*load average/load average/')"
