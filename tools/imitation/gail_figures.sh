#!/usr/bin/env bash
# Issue 19's adversarial-imitation figures: GAIL on CartPole-v1 from 10 expert episodes (seeds 1-3), with the expert
# and demonstrations of cartpole_figures.sh; optionally (PENDULUM=1) a PPO expert on Pendulum-v1, its 10 recorded
# episodes, GAIL and AIRL on them, and PPO re-optimising AIRL's learned reward from scratch (--reward-model).
#   tools/imitation/gail_figures.sh DEMOS_OUT OUT_DIR [SEEDS]   (DEMOS_OUT: cartpole_figures.sh's OUT_DIR)
# PENDULUM_STEPS (default: the tuned budgets, GAIL 1.5M, AIRL 500k): the budget of GAIL and AIRL.
# PENDULUM_ALGOS (default "gail airl"): which adversarial runs on Pendulum; both run with their tuned Pendulum-v1
# entries (hyperparams/gail.yml, airl.yml: PPO's tuned generator settings, entropy-reward; GAIL normalize-reward=false).
# REOPT_STEPS (default: PPO's tuned Pendulum-v1 budget, 1M): the budget of PPO on AIRL's learned reward;
# REOPT_FLAGS (default "--set ent-coef=0.01"): its flags beyond PPO's tuned entry (an entropy bonus keeps the policy
# from collapsing on the learned reward; see README.md, AIRL third pass).
# GAIL_PENDULUM (default empty): extra flags of the GAIL runs on Pendulum, e.g. "--set grad-penalty-coef=10".
# BELLMAN (default ./bellman) may name another launcher, e.g. "java --add-modules jdk.incubator.vector -jar COPY.jar".
set -euo pipefail
DEMOS=${1:?usage: gail_figures.sh DEMOS_OUT OUT_DIR [SEEDS]}
OUT=${2:?usage: gail_figures.sh DEMOS_OUT OUT_DIR [SEEDS]}
SEEDS=${3:-1 2 3}
B=${BELLMAN:-./bellman}
mkdir -p "$OUT"
uptime | tee -a "$OUT/uptime.txt"
for s in $SEEDS; do
  d="$OUT/gail-cartpole-s$s"
  [ -f "$d/summary.json" ] || nice -n 10 $B train --algo gail --env CartPole-v1 --demos "$DEMOS/demos-cartpole-ppo" \
      --set num-demos=10 --total-timesteps 100000 --seed $s --run-dir "$d" --overwrite --no-plot \
      --progress-interval 600 | grep -E "eval|trained"
done
uptime | tee -a "$OUT/uptime.txt"
[ "${PENDULUM:-0}" = 1 ] || exit 0
[ -d "$OUT/expert-ppo-pendulum/model" ] || nice -n 10 $B train --algo ppo --env Pendulum-v1 --seed 1 \
    --run-dir "$OUT/expert-ppo-pendulum" --no-plot --progress-interval 600 | grep -E "eval|trained"
[ -d "$OUT/demos-pendulum-ppo/data" ] || $B record --run-dir "$OUT/expert-ppo-pendulum" --episodes 10 \
    --out "$OUT/demos-pendulum-ppo"
for s in $SEEDS; do
  for a in ${PENDULUM_ALGOS:-gail airl}; do
    d="$OUT/$a-pendulum-s$s"
    flags=""; [ $a = gail ] && flags="${GAIL_PENDULUM:-}"
    steps=""; [ -n "${PENDULUM_STEPS:-}" ] && steps="--total-timesteps $PENDULUM_STEPS"
    [ -f "$d/summary.json" ] || nice -n 10 $B train --algo $a $flags --env Pendulum-v1 --demos "$OUT/demos-pendulum-ppo" \
        $steps --seed $s --run-dir "$d" --overwrite \
        --progress-interval 600 | grep -E "eval|trained"
  done
  d="$OUT/ppo-on-airl-reward-pendulum-s$s"
  [ ! -d "$OUT/airl-pendulum-s$s" ] || [ -f "$d/summary.json" ] || nice -n 10 $B train --algo ppo --env Pendulum-v1 \
      --reward-model "$OUT/airl-pendulum-s$s" ${REOPT_STEPS:+--total-timesteps $REOPT_STEPS} \
      ${REOPT_FLAGS---set ent-coef=0.01} --seed $s --run-dir "$d" \
      --overwrite --progress-interval 600 | grep -E "eval|trained"
done
uptime | tee -a "$OUT/uptime.txt"
