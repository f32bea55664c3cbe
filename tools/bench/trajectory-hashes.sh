#!/usr/bin/env bash
# Short fixed-seed `./bellman train` runs whose results must not move under a speed change: prints, per run, the
# sha256 (first 16 hex digits) of metrics.csv without its wall_time_s and charts/SPS columns, and of the saved model.
# Run it before and after a change (or with BELLMAN_JAVA_OPTS=-Dbellman.threads=2) and compare the lines.
# usage: tools/bench/trajectory-hashes.sh OUT_DIR
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 1 ] || { sed -n 5p "$0"; exit 2; }
O=$1; mkdir -p "$O"
C=(--seed 1 --eval-episodes 0 --no-plot --checkpoint-frequency 0 --progress-interval 100000 --overwrite)
B="$ROOT/bellman"
"$B" train --algo ppo --env CartPole-v1 --total-timesteps 40000 "${C[@]}" --run-dir "$O/ppo" >/dev/null
"$B" train --algo dqn --env CartPole-v1 --total-timesteps 20000 "${C[@]}" --run-dir "$O/dqn" \
  --set learning-starts=2000 --set net-arch=120,84 --set batch-size=128 >/dev/null
"$B" train --algo sac --env Pendulum-v1 --total-timesteps 600 "${C[@]}" --run-dir "$O/sac" >/dev/null
"$B" train --algo ppo --env Pendulum-v1 --total-timesteps 8192 "${C[@]}" --run-dir "$O/ppoc" --set num-steps=1024 >/dev/null
# DQN on MinAtar: the tuned entry (MinAtar net, byte replay, centered RMSprop), 11,000 updates; with the exploration
# schedule the entry had until 2026-12-06 (decay from frame 0 over 2.1 %), so that the recorded hashes still hold
"$B" train --algo dqn --env MinAtar/Breakout-v0 --total-timesteps 12000 "${C[@]}" --run-dir "$O/dqnm" \
  --set learning-starts=1000 --set exploration-after-warmup=false --set exploration-fraction=0.021 >/dev/null
for a in ppo dqn sac ppoc dqnm; do
  m=$(python3 -c "
import csv, hashlib, sys
rows = list(csv.reader(open(sys.argv[1])))
keep = [i for i, c in enumerate(rows[0]) if c not in ('wall_time_s', 'charts/SPS')]
print(len(rows), hashlib.sha256('\n'.join(','.join(r[i] for i in keep) for r in rows).encode()).hexdigest()[:16])" "$O/$a/metrics.csv")
  p=$(find "$O/$a/model" -type f -name '*.safetensors' | sort | xargs cat | sha256sum | cut -c1-16)
  echo "$a metrics $m model $p"
done
