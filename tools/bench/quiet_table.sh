#!/bin/bash
# The quiet side-by-side table of tools/bench/README.md (issues 13, 14, 15) in one run, about 16 minutes.
# Build first: ./mvnw -B -o -q package -DskipTests -pl bellman-cli,bellman-bench -am ; needs the peers (../shared/peers).
cd "$(dirname "$0")/../.."
echo "### start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) commit $(git log --oneline -1 | cut -c1-7)"
PEERS=${PEERS:-/work/shared/peers} tools/bench/peers.sh --pairs 2 ppo
PEERS=${PEERS:-/work/shared/peers} tools/bench/peers.sh --pairs 1 --bellman-threads 1 ppo
echo "### PPO warm-up thread A/B (ppo 500k, default vs -Dbellman.ppo.warmup=false) $(date -u +%T)"
B="./bellman train --algo ppo --env CartPole-v1 --total-timesteps 500000 --seed 1 --eval-episodes 0 --no-plot --checkpoint-frequency 0 --progress-interval 100000 --overwrite --run-dir /tmp/jitab --set learning-rate=2.5e-4 --set anneal-lr=true --set num-envs=4 --set num-steps=128 --set num-minibatches=4 --set update-epochs=4 --set gae-lambda=0.95 --set gamma=0.99 --set ent-coef=0.01 --set clip-vloss=true"
for i in 1 2; do
  /usr/bin/time -f 'default %e s %U user %S sys' $B > /dev/null
  BELLMAN_JAVA_OPTS=-Dbellman.ppo.warmup=false /usr/bin/time -f 'no-warmup %e s %U user %S sys' $B > /dev/null
done
echo "### minatar dqn $(date -u +%T)"
tools/bench/minatar_dqn_bench.sh 25000 1
W=$(mktemp -d)
echo "== bellman 2 threads alone"
BELLMAN_JAVA_OPTS=-Dbellman.threads=2 /usr/bin/time -f '%e s %U user' ./bellman train --algo dqn \
    --env MinAtar/Breakout-v0 --seed 1 --total-timesteps 25000 --set exploration-fraction=1 --set end-e=0.82 \
    --checkpoint-frequency 0 --eval-episodes 0 --no-plot --run-dir "$W/b2"
rm -rf "$W"
echo "### alphazero $(date -u +%T)"
THREADS="1 2" tools/bench/alphazero_bench.sh
echo "### conv $(date -u +%T)"
tools/bench/conv_bench.sh
echo "### dqn sac pairs $(date -u +%T)"
PEERS=${PEERS:-/work/shared/peers} tools/bench/peers.sh --pairs 2 dqn sac
echo "### end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
