#!/usr/bin/env bash
# One SAC gradient step phase by phase (SB3 defaults on Pendulum's sizes, Sac's own classes): per phase the time
# (thread CPU at 1 thread, wall at more) and GFLOP/s of its products; see tools/bench/README.md ("SAC and DQN: where a
# step goes against the GEMM peak"). JAR defaults to this checkout's CLI jar; pass another build's jar to compare.
# usage: tools/bench/sac_phases.sh [JAR] [THREADS] [STEPS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${1:-$ROOT/bellman-cli/target/bellman.jar}; T=${2:-1}; N=${3:-300}
J=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
[ -f "$JAR" ] || { echo "sac_phases.sh: no jar $JAR (build it: ./mvnw -B -o -q package -DskipTests -pl bellman-cli -am)" >&2; exit 2; }
W=$(mktemp -d /tmp/bellman-sacphases.XXXXXX)
"$J/javac" -nowarn --add-modules jdk.incubator.vector -cp "$JAR" -d "$W" \
  "$ROOT/tools/bench/abjars/dev/bellman/algorithms/offpolicy/SacHarness.java" 2>&1 | grep -v -e '^Note:' -e 'warning' || true
echo "# sac_phases.sh $(date -u +%FT%TZ), $(basename "$JAR"), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$J/java" --add-modules jdk.incubator.vector -cp "$JAR:$W" dev.bellman.algorithms.offpolicy.SacHarness "$T" "$N" 2>&1 \
  | grep -v '^WARNING: Using incubator modules'
