#!/bin/sh
# NatureCNN's forward layer by layer, plus its batch-1 forward and batch-N train step, Bellman (NatureCnnLayers) and
# PyTorch (torch_nature_layers.py) back to back; this thread's CPU time after a warm-up long enough for the JIT on a
# loaded machine. Build first: ./mvnw -B -o -q package -DskipTests -pl bellman-bench -am
# Usage: tools/bench/nature_layers.sh [batch]     (from the repository root; THREADS=N, default 1; JAVA_OPTS adds JVM
# flags, e.g. JAVA_OPTS=-Dbellman.stridedWinograd=false for the direct kernels of the strided layers)
set -e
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PY=${PY:-/usr/bin/python3}
DIR=$(dirname "$0")
T=${THREADS:-1}
echo "== threads $T; load: $(uptime | sed 's/.*load average/load average/')"
"$J" --add-modules jdk.incubator.vector -Dbellman.threads=$T $JAVA_OPTS -cp bellman-bench/target/benchmarks.jar \
    dev.bellman.bench.NatureCnnLayers "$@" 2>/dev/null
OPENBLAS_NUM_THREADS=$T OMP_NUM_THREADS=$T "$PY" "$DIR/torch_nature_layers.py" --threads $T "$@"
echo "== load after: $(uptime | sed 's/.*load average/load average/')"
