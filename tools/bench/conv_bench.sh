#!/bin/sh
# Convolutional workloads, Bellman (ConvNetTable) and PyTorch (torch_conv_bench.py) back to back, 1 and 2 threads.
# Build first: ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am
# Usage: tools/bench/conv_bench.sh [name filter]     (from the repository root)
# Without a filter, the NatureCNN rows and the MinAtar rows run in separate processes on each side (as a training run
# uses one of the two nets): in one JVM, the MinAtar train step measured after the NatureCNN rows took 1.7x as long
# (997 against 593 us, 2026-12-05), the JIT's code for shared kernels having been shaped by the other net first.
set -e
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PY=${PY:-/usr/bin/python3}
DIR=$(dirname "$0")
pair() {  # threads, filter: both sides in turn
  "$J" --add-modules jdk.incubator.vector -Dbellman.threads=$1 -cp bellman-bench/target/benchmarks.jar \
      dev.bellman.bench.ConvNetTable "$2" 2>/dev/null
  OPENBLAS_NUM_THREADS=$1 OMP_NUM_THREADS=$1 PYTHONPATH=$DIR "$PY" "$DIR/torch_conv_bench.py" --threads $1 "$2"
}
for t in 1 2; do
  echo "== threads $t; load: $(uptime | sed 's/.*load average/load average/')"
  if [ $# -gt 0 ]; then pair $t "$1"; else pair $t NatureCNN; pair $t MinAtar; fi
done
echo "== load after: $(uptime | sed 's/.*load average/load average/')"
