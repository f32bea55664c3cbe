#!/usr/bin/env bash
# Issue 19's CartPole figures: BC from 10 expert episodes, and return against expert labels for BC (from the first K
# steps of the expert's demonstrations) and DAgger (from 100 demonstrated steps plus expert labels of its own rollouts),
# seeds 1-3. Expert: a Bellman PPO run on CartPole-v1 (seed 1, tuned hyperparameters), 50 recorded episodes.
#   tools/imitation/cartpole_figures.sh OUT_DIR      (then tools/imitation/plot_labels.py OUT_DIR)
# BELLMAN (default ./bellman) may name another launcher, e.g. "java --add-modules jdk.incubator.vector -jar COPY.jar".
set -euo pipefail
OUT=${1:?usage: cartpole_figures.sh OUT_DIR}
B=${BELLMAN:-./bellman}
mkdir -p "$OUT"
[ -d "$OUT/expert-ppo-cartpole/model" ] || nice -n 10 $B train --algo ppo --env CartPole-v1 --seed 1 \
    --run-dir "$OUT/expert-ppo-cartpole" --no-plot
[ -d "$OUT/demos-cartpole-ppo/data" ] || $B record --run-dir "$OUT/expert-ppo-cartpole" --episodes 50 \
    --out "$OUT/demos-cartpole-ppo"
for s in 1 2 3; do
  for k in 100 250 500 750 1000 2000 5000; do
    d="$OUT/bc-k$k-s$s"
    [ -f "$d/summary.json" ] || nice -n 10 $B train --algo bc --env CartPole-v1 --demos "$OUT/demos-cartpole-ppo" \
        --set num-demo-steps=$k --seed $s --run-dir "$d" --overwrite --no-plot --progress-interval 600 | grep eval:
  done
  d="$OUT/dagger-s$s"
  [ -f "$d/summary.json" ] || nice -n 10 $B train --algo dagger --env CartPole-v1 --demos "$OUT/demos-cartpole-ppo" \
      --expert "$OUT/expert-ppo-cartpole" --set num-demo-steps=100 --set episodes-per-round=1 --set rounds=10 \
      --set beta-rampdown-rounds=0 --set round-eval-episodes=10 --seed $s --run-dir "$d" --overwrite --no-plot \
      --progress-interval 600 | grep eval:
done
