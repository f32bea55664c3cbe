#!/usr/bin/env bash
# Bellman against its Python peers, back to back on this machine, same work on both sides.
#
# usage: tools/bench/peers.sh [--pairs N] [--bellman-threads T] [ppo] [dqn] [sac]   (default: --pairs 2, the CLI's threads, all three)
#
#   ppo  CartPole-v1, 500,000 steps, every CleanRL ppo.py default      vs CleanRL ppo.py (unmodified)
#   dqn  CartPole-v1, 500,000 steps, every CleanRL dqn.py default      vs CleanRL dqn.py (unmodified)
#   sac  Pendulum-v1, 5,000 steps, every SB3 2.4.1 SAC default         vs SB3 2.4.1 SAC (sb3_bench.py, no eval)
#
# Each pair runs peer then Bellman, N times interleaved (P B P B ...), each timed as a whole process
# (/usr/bin/time: interpreter or JVM start, imports and JIT included). It prints every run, the median of
# each side and the ratio peer/Bellman of the medians, with the exact commands.
#
# Bellman's side is `./bellman train` with the tuned entry of hyperparams/<algo>.yml undone: each key the
# tuned entry sets is put back to the algorithm's default with --set (the defaults are CleanRL's / SB3's;
# see `./bellman list algos -v`), and the run does no evaluation, plots or checkpoints. It still writes
# metrics.csv, config.json and the final model, as the peers write their (stubbed) TensorBoard scalars.
# The Python side is set up by ../shared/peers/bin/setup.sh (see ../shared/peers/README.md); set PEERS
# to its folder if it is elsewhere. Neither side's thread count is changed by default (torch: its own default;
# Bellman: the CLI's default, the machine's cores up to 4). --bellman-threads T runs Bellman with
# -Dbellman.threads=T instead: its GEMMs over ~2 MFLOP split over T threads with results bit-identical to one
# thread (dev.bellman.tensor.kernels.Parallel); T 1 is the single-threaded run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
[ -f "$PEERS/bin/env.sh" ] || { echo "peers.sh: no Python peers at $PEERS (set PEERS to the folder of ../shared/peers)" >&2; exit 2; }
. "$PEERS/bin/env.sh"
[ -n "${PY:-}" ] || { echo "peers.sh: no python3 with torch found; run $PEERS/bin/setup.sh first" >&2; exit 2; }
[ -f "$PEERS_SRC/cleanrl/cleanrl/ppo.py" ] || { echo "peers.sh: no peer sources in $PEERS_SRC; run $PEERS/bin/setup.sh first" >&2; exit 2; }

PAIRS=2; THREADS=; WHICH=()
while [ $# -gt 0 ]; do
  case $1 in
    --pairs) PAIRS=$2; shift 2 ;;
    --bellman-threads) THREADS=$2; shift 2 ;;
    ppo|dqn|sac) WHICH+=("$1"); shift ;;
    *) echo "peers.sh: unknown argument '$1' (expected --pairs N, --bellman-threads T, ppo, dqn or sac)" >&2; exit 2 ;;
  esac
done
[ ${#WHICH[@]} -gt 0 ] || WHICH=(ppo dqn sac)
"$ROOT/bellman" --version >/dev/null   # builds the CLI first if needed, outside the timings
W=$(mktemp -d /tmp/bellman-peers.XXXXXX)
# the launcher's class-data-sharing archive, written by one short training run outside the timings (rather than by the
# --version above, whose archive would hold only the classes of printing a version); BELLMAN_CDS=0 runs without it
if [ "${BELLMAN_CDS:-1}" != 0 ]; then
  rm -f "$ROOT/bellman-cli/target/bellman.jsa"
  "$ROOT/bellman" train --algo ppo --env CartPole-v1 --total-timesteps 2048 --seed 1 --eval-episodes 0 --no-plot \
    --checkpoint-frequency 0 --overwrite --run-dir "$W/cds-warmup" >/dev/null
fi
echo "# peers.sh $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), torch $($PY -c 'import torch; print(torch.__version__, torch.get_num_threads(), "threads")'), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
echo "# work dir $W"

B_COMMON=(--seed 1 --eval-episodes 0 --no-plot --checkpoint-frequency 0 --progress-interval 100000 --overwrite)
cmd_peer() {
  case $1 in
    ppo) echo "PYTHONPATH=$PEERS_PATH_TRAIN $PY $PEERS/bin/run_stubbed.py $PEERS_SRC/cleanrl/cleanrl/ppo.py --seed 1 --env-id CartPole-v1 --total-timesteps 500000" ;;
    dqn) echo "PYTHONPATH=$PEERS_PATH_TRAIN $PY $PEERS/bin/run_stubbed.py $PEERS_SRC/cleanrl/cleanrl/dqn.py --seed 1 --env-id CartPole-v1 --total-timesteps 500000" ;;
    sac) echo "PYTHONPATH=$PEERS_PATH_TRAIN $PY $PEERS/scripts/sb3_bench.py sac 5000 1 0 $W/sb3-sac.json" ;;
  esac
}
cmd_bellman() {
  case $1 in
    # ppo.yml's CartPole-v1 entry undone: CleanRL ppo.py's values
    ppo) echo "${THREADS:+BELLMAN_JAVA_OPTS=-Dbellman.threads=$THREADS }$ROOT/bellman train --algo ppo --env CartPole-v1 --total-timesteps 500000 ${B_COMMON[*]} --run-dir $W/b-ppo" \
              "--set learning-rate=2.5e-4 --set anneal-lr=true --set num-envs=4 --set num-steps=128 --set num-minibatches=4" \
              "--set update-epochs=4 --set gae-lambda=0.95 --set gamma=0.99 --set ent-coef=0.01 --set clip-vloss=true" ;;
    # dqn.yml's CartPole-v1 entry undone: CleanRL dqn.py's values
    dqn) echo "${THREADS:+BELLMAN_JAVA_OPTS=-Dbellman.threads=$THREADS }$ROOT/bellman train --algo dqn --env CartPole-v1 --total-timesteps 500000 ${B_COMMON[*]} --run-dir $W/b-dqn" \
              "--set learning-rate=2.5e-4 --set batch-size=128 --set buffer-size=10000 --set learning-starts=10000" \
              "--set gamma=0.99 --set target-network-frequency=500 --set train-frequency=10 --set gradient-steps=1" \
              "--set exploration-fraction=0.5 --set end-e=0.05 --set net-arch=120,84 --set loss=mse --set max-grad-norm=0" ;;
    # sac.yml's Pendulum-v1 entry undone: SB3 2.4.1's SAC defaults
    sac) echo "${THREADS:+BELLMAN_JAVA_OPTS=-Dbellman.threads=$THREADS }$ROOT/bellman train --algo sac --env Pendulum-v1 --total-timesteps 5000 ${B_COMMON[*]} --run-dir $W/b-sac" \
              "--set learning-rate=3e-4" ;;
  esac
}
# whole-process seconds of one command, run in the work dir (CleanRL writes runs/ there): "wall cpu" (cpu = user + sys,
# all threads; on a loaded machine it moves less than wall, but it counts a second thread's work too)
timed() {
  (cd "$W" && /usr/bin/time -f "%e %U %S" -o "$W/t" bash -c "$1" >"$W/last.log" 2>&1) || { echo "peers.sh: failed: $1 (log: $W/last.log)" >&2; tail -20 "$W/last.log" >&2; exit 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$W/t" >"$W/r"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

echo
echo "| workload | peer wall s (runs) | Bellman wall s (runs) | peer median | Bellman median | ratio (wall) | peer CPU s (runs) | Bellman CPU s (runs) | ratio (CPU medians) |"
echo "|---|---|---|---|---|---|---|---|---|"
for w in "${WHICH[@]}"; do
  P=$(cmd_peer "$w"); B=$(cmd_bellman "$w"); ps=(); bs=(); pc=(); bc=()
  echo "## $w peer:    $P" >&2
  echo "## $w Bellman: $B" >&2
  for ((i = 0; i < PAIRS; i++)); do
    timed "$P"; read -r a c <"$W/r"; ps+=("$a"); pc+=("$c"); echo "  $w peer run $((i + 1)): wall $a s, cpu $c s" >&2
    timed "$B"; read -r a c <"$W/r"; bs+=("$a"); bc+=("$c"); echo "  $w Bellman run $((i + 1)): wall $a s, cpu $c s" >&2
  done
  pm=$(printf '%s\n' "${ps[@]}" | median); bm=$(printf '%s\n' "${bs[@]}" | median)
  pcm=$(printf '%s\n' "${pc[@]}" | median); bcm=$(printf '%s\n' "${bc[@]}" | median)
  echo "| $w | ${ps[*]} | ${bs[*]} | $pm | $bm | $(awk -v p="$pm" -v b="$bm" 'BEGIN {printf "%.1fx", p / b}') | ${pc[*]} | ${bc[*]} | $(awk -v p="$pcm" -v b="$bcm" 'BEGIN {printf "%.1fx", p / b}') |"
done
