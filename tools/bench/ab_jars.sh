#!/usr/bin/env bash
# Before/after of two builds in ONE JVM, alternating (A B A B ...), so that the load other processes put on the
# machine hits both alike: each jar gets its own class loader and the same workload (tools/bench/abjars/):
#   dqn  one update of CleanRL's DQN on CartPole (MlpQKernel, 4-120-84-2, batch 128: target forward, loss and
#        gradients, Adam step) and 7 acting steps (batch 1; about the greedy share of the 500k-step run)
#   act  20 acting steps, then the weights change (as after an update)
#   sac  one SB3-default SAC critic step through autodiff (4-256-256-1 at batch 256: forward, MSE, backward, Adam)
#   ppoact  32 PPO acting steps (CleanRL's CartPole agent, 4 rows: both nets' forward and the log-probabilities), then
#        the weights change (as after an update)
#   ppomb   one PPO minibatch of 128 rows (PpoMlpKernel.lossAndGrad and gradient-norm clipping)
#   sacstep  one whole SAC gradient step with Sac's own classes (SB3 defaults, Pendulum sizes: actor, twin critics,
#        targets, both Adam steps, Polyak; abjars/dev/bellman/algorithms/offpolicy/SacHarness.java)
# Prints per jar the main thread's CPU µs per iteration (min, median over the rounds), the process CPU (all threads)
# and the wall time. The jars are bellman-cli/target/bellman.jar of two checkouts (copy the "before" one aside first).
# usage: tools/bench/ab_jars.sh JAR_A JAR_B dqn|act|sac|sacstep|ppoact|ppomb ITERS ROUNDS THREADS
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 6 ] || { sed -n "/^# usage/p" "$0"; exit 2; }
J=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
W=$(mktemp -d /tmp/bellman-abjars.XXXXXX)
"$J/javac" -nowarn --add-modules jdk.incubator.vector -cp "$1" -d "$W/hcls" \
  "$ROOT/tools/bench/abjars/dev/bellman/algorithms/dqn/Harness.java" \
  "$ROOT/tools/bench/abjars/dev/bellman/algorithms/ppo/PpoHarness.java" \
  "$ROOT/tools/bench/abjars/dev/bellman/algorithms/offpolicy/SacHarness.java" 2>&1 | grep -v -e '^Note:' -e 'warning' || true
"$J/javac" -d "$W/dcls" "$ROOT/tools/bench/abjars/Drive.java"
echo "# ab_jars.sh $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$W" && "$J/java" --add-modules jdk.incubator.vector -cp dcls Drive "$3" "$4" "$5" "$6" "$1" "$2" 2>&1 \
  | grep -v '^WARNING: Using incubator modules'
