#!/usr/bin/env bash
# Fault and bad-input probes of the `bellman` command line, the families of issue 25: bad CLI values, corrupt files,
# resume faults, non-finite training, disk full (a small tmpfs; needs root), concurrency and signals.
#
# usage: tools/probes/run-probes.sh [ROOT] [WORKDIR]
#   ROOT: a Bellman checkout whose ./bellman is probed (default: this one); WORKDIR: scratch space (default a temp dir)
#
# Each probe prints one row: family, name, exit code, verdict, the line that says why (the last "bellman CMD:" line). Verdicts:
#   ok       the expected outcome (a refusal with a one-paragraph message, or a success where one is expected)
#   trace    a Java stack trace or a raw exception reached the user
#   unclear  refused, but the message is a raw Java exception (class name) rather than an explanation
#   silent   the command succeeded (exit 0) where it should have refused, or produced a wrong run without saying so
#   loss     files the user had were deleted or damaged
# The last lines count probes and verdicts. A probe that cannot be set up here (no tmpfs mount) says `skipped`.
set -uo pipefail
ROOT=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
W=${2:-$(mktemp -d /tmp/bellman-probes.XXXXXX)}
mkdir -p "$W"
B="$ROOT/bellman"
"$B" --version >/dev/null 2>&1 || { echo "cannot run $B" >&2; exit 1; }
QUICK=(--eval-episodes 0 --no-plot --progress-interval 1000)
declare -A COUNT=()
TOTAL=0

# row FAMILY NAME CODE VERDICT TEXT
row() {
  TOTAL=$((TOTAL + 1)); COUNT[$4]=$(( ${COUNT[$4]:-0} + 1 ))
  printf '%-11s %-40s %4s  %-8s %s\n' "$1" "$2" "$3" "$4" "$(printf '%s' "$5" | tr '\n' ' ' | cut -c1-150)"
}

# said OUTPUT: the line to show: the last line naming the command ("bellman train: ..."), else the last non-empty one
said() {
  local l; l=$(grep -v '^bellman: building' <<<"$1" | grep -E '^(bellman [a-z]+:|Invalid|Unknown|Missing)' | grep -v ' -> ' | tail -1)
  [ -n "$l" ] && printf '%s' "$l" || grep -v '^\s*$' <<<"$1" | tail -1
}

# classify CODE OUTPUT EXPECT: EXPECT is "fail" (a refusal) or "ok" (success); prints the verdict
classify() {
  local code=$1 out=$2 expect=$3
  if grep -qE -e $'^\tat ' -e 'Exception in thread' -e '^\s+at [a-z]+\.[A-Za-z]' <<<"$out"; then echo trace; return; fi
  if [ "$expect" = fail ]; then
    if [ "$code" = 0 ]; then echo silent; return; fi
    if grep -qE '(java|javax|sun|com\.fasterxml)\.[A-Za-z.]+(Exception|Error)' <<<"$out"; then echo unclear; return; fi
    echo ok
  else
    [ "$code" = 0 ] && echo ok || echo unclear
  fi
}

# probe FAMILY NAME EXPECT CMD...: runs the command (120 s bound) and prints a row
probe() {
  local fam=$1 name=$2 expect=$3; shift 3
  local out code
  out=$(cd "$W" && timeout 120 "$@" 2>&1); code=$?
  row "$fam" "$name" "$code" "$(classify "$code" "$out" "$expect")" "$(said "$out")"
}

# a finished small run to corrupt: DIR ALGO ENV [extra train args]
fresh_run() {
  local dir=$1 algo=$2 env=$3; shift 3
  rm -rf "$dir"
  (cd "$W" && "$B" train --algo "$algo" --env "$env" --total-timesteps 3000 --run-dir "$dir" "${QUICK[@]}" "$@" >/dev/null 2>&1)
}

# an interrupted run (checkpoints kept): killed with SIGKILL once its first checkpoint exists
interrupted_run() {
  local dir=$1 algo=$2 env=$3 steps=$4; shift 4
  rm -rf "$dir"
  (cd "$W" && exec "$B" train --algo "$algo" --env "$env" --total-timesteps "$steps" --checkpoint-frequency 2000 \
      --run-dir "$dir" "${QUICK[@]}" "$@" >/dev/null 2>&1) &
  local pid=$!
  for _ in $(seq 1 600); do
    if compgen -G "$dir/checkpoints/step-*/checkpoint.txt" >/dev/null; then break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  pkill -KILL -P $pid 2>/dev/null; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
  # the launcher's java child: find by run dir
  pkill -KILL -f -- "--run-dir $dir" 2>/dev/null; sleep 0.3
}

hashdir() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

echo "# probes of $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)), scratch $W, $(date -u +%FT%TZ)"

# ---------------------------------------------------------------- bad CLI values (a refusal, and no run directory)
badv() { # NAME ARGS...: expects exit != 0, a message, and no run directory left behind
  local name=$1; shift
  local dir="$W/bad-$name"; rm -rf "$dir"
  local out code
  out=$(cd "$W" && timeout 120 "$B" train --run-dir "$dir" "${QUICK[@]}" "$@" 2>&1); code=$?
  local v; v=$(classify "$code" "$out" fail)
  if [ "$v" = ok ] && [ -e "$dir" ]; then v=unclear; out="(left $dir behind) $out"; fi
  row badvalue "$name" "$code" "$v" "$(said "$out")"
}
badv unknown-algo --algo ppx --env CartPole-v1
badv unknown-env --algo ppo --env CartPole-v9
badv negative-seed --algo ppo --env CartPole-v1 --seed -1
badv zero-steps --algo ppo --env CartPole-v1 --total-timesteps 0
badv negative-steps --algo ppo --env CartPole-v1 --total-timesteps -5
badv text-steps --algo ppo --env CartPole-v1 --total-timesteps abc
badv zero-envs --algo ppo --env CartPole-v1 --num-envs 0
badv million-envs --algo ppo --env CartPole-v1 --num-envs 1000000
badv huge-buffer --algo dqn --env CartPole-v1 --set buffer-size=2000000000
badv net-arch-0 --algo dqn --env CartPole-v1 --set net-arch=0
badv net-arch-letters --algo dqn --env CartPole-v1 --set net-arch=a,b
badv net-arch-huge --algo dqn --env CartPole-v1 --set net-arch=100000,100000
badv minibatches-1000 --algo ppo --env CartPole-v1 --set num-minibatches=1000
badv initial-q-nan --algo q-learning --env FrozenLake-v1 --set initial-q=NaN
badv hidden-size-max --algo ppo --env CartPole-v1 --set hidden-size=2147483647
badv negative-lr --algo ppo --env CartPole-v1 --set learning-rate=-1
badv gamma-2 --algo dqn --env CartPole-v1 --set gamma=2
badv unknown-key --algo ppo --env CartPole-v1 --set learning-rte=0.1
badv bad-boolean --algo ppo --env CartPole-v1 --set norm-adv=maybe
badv config-missing --algo ppo --env CartPole-v1 --config "$W/nope.yaml"
badv config-dev-zero --algo ppo --env CartPole-v1 --config /dev/zero
printf 'learning-rate: 0.1\nlearning-rate: 0.2\n' >"$W/dup.yaml"
badv config-duplicate-key --algo ppo --env CartPole-v1 --config "$W/dup.yaml"
printf 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n' >"$W/bomb.yaml"
badv config-yaml-bomb --algo ppo --env CartPole-v1 --config "$W/bomb.yaml"
badv env-kwarg-unknown --algo q-learning --env FrozenLake-v1 --env-kwarg bogus=1
badv env-kwarg-desc-empty --algo q-learning --env FrozenLake-v1 --env-kwarg 'desc=[]'
badv checkpoint-freq-negative --algo ppo --env CartPole-v1 --checkpoint-frequency -1
badv eval-episodes-negative --algo ppo --env CartPole-v1 --eval-episodes -1
badv box-algo-on-discrete --algo sac --env CartPole-v1
badv tabular-on-box --algo q-learning --env CartPole-v1
badv resume-with-flags --resume "$W/none" --algo ppo
: >"$W/a-file"
probe badvalue run-dir-under-file fail "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$W/a-file/run" "${QUICK[@]}"
probe badvalue run-dir-300-chars fail "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$W/$(printf 'x%.0s' $(seq 1 300))" "${QUICK[@]}"
rm -f "$W/loop"; ln -s "$W/loop" "$W/loop"
probe badvalue run-dir-symlink-loop fail "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$W/loop/run" "${QUICK[@]}"
probe badvalue eval-missing-dir fail "$B" eval --run-dir "$W/missing"
probe badvalue eval-negative-episodes fail "$B" eval --run-dir "$W/missing" --episodes -1
probe badvalue plot-missing-dir fail "$B" plot "$W/missing" --out "$W/p.png"
probe badvalue play-missing-dir fail "$B" play --run-dir "$W/missing"
# a huge budget must train for real (still running at the bound) or be refused, never "finish" at once
for algo in ppo a2c; do
  out=$(cd "$W" && rm -rf "huge-$algo" && timeout 25 "$B" train --algo $algo --env CartPole-v1 --total-timesteps 549755813888 \
      --run-dir "huge-$algo" "${QUICK[@]}" --checkpoint-frequency 0 2>&1); code=$?
  if [ $code = 124 ]; then v=ok; out="still training after 25 s (killed)"; else v=$(classify $code "$out" fail); fi
  row badvalue "huge-budget-$algo" $code $v "$out"
done

# ---------------------------------------------------------------- corrupt files
fresh_run "$W/good-ppo" ppo CartPole-v1
fresh_run "$W/good-dqn" dqn CartPole-v1 --set learning-starts=500
corrupt() { # NAME EXPECT SETUP-COMMANDS (run in a copy of good-ppo at $C), then COMMAND...
  local name=$1 expect=$2 setup=$3; shift 3
  C="$W/corrupt-$name"; rm -rf "$C"; cp -r "$W/good-ppo" "$C"
  (cd "$C" && eval "$setup")
  probe corrupt "$name" "$expect" "$@"
}
model_file() { find "$1/model" -name '*.safetensors' | sort | head -1; }
corrupt model-truncated fail 'f=$(find model -name "*.safetensors" | sort | head -1); truncate -s 50 "$f"' \
  "$B" eval --run-dir "$W/corrupt-model-truncated" --episodes 2
corrupt model-flipped-byte fail 'f=$(find model -name "*.safetensors" | sort | head -1); s=$(stat -c %s "$f"); printf "\x7f" | dd of="$f" bs=1 seek=$((s-3)) conv=notrunc 2>/dev/null' \
  "$B" eval --run-dir "$W/corrupt-model-flipped-byte" --episodes 2
corrupt model-missing fail 'rm -f $(find model -name "*.safetensors")' "$B" eval --run-dir "$W/corrupt-model-missing" --episodes 2
corrupt manifest-garbage fail 'printf "{not json" > model/manifest.json' "$B" eval --run-dir "$W/corrupt-manifest-garbage" --episodes 2
corrupt manifest-other-algo fail 'sed -i "s/\"ppo\"/\"dqn\"/" model/manifest.json' "$B" eval --run-dir "$W/corrupt-manifest-other-algo" --episodes 2
corrupt play-model-truncated fail 'f=$(find model -name "*.safetensors" | sort | head -1); truncate -s 50 "$f"' \
  "$B" play --run-dir "$W/corrupt-play-model-truncated"
corrupt metrics-cut-row fail 'head -c -7 metrics.csv > m && mv m metrics.csv && printf "999,1.0,5" >> metrics.csv && printf "\n1000,x,,\n" >> metrics.csv' \
  "$B" plot "$W/corrupt-metrics-cut-row" --out "$W/cut.png"
corrupt metrics-binary fail 'head -c 300 /dev/urandom > metrics.csv' "$B" plot "$W/corrupt-metrics-binary" --out "$W/bin.png"
mkdir -p "$W/gifdir"; echo keep >"$W/gifdir/keep.txt"
out=$(cd "$W" && "$B" play --run-dir "$W/good-ppo" --gif "$W/gifdir" 2>&1); code=$?
if [ -f "$W/gifdir/keep.txt" ]; then v=$(classify $code "$out" fail); else v=loss; fi
row corrupt play-gif-onto-directory $code $v "$out"

# ---------------------------------------------------------------- resume faults
probe resume finished-run fail "$B" train --resume "$W/good-ppo"
probe resume missing-dir fail "$B" train --resume "$W/missing"
interrupted_run "$W/int-ppo" ppo CartPole-v1 20000
interrupted_run "$W/int-dqn" dqn CartPole-v1 20000 --set learning-starts=500
if compgen -G "$W/int-ppo/checkpoints/step-*" >/dev/null && compgen -G "$W/int-dqn/checkpoints/step-*" >/dev/null; then
  # a DQN checkpoint copied into the PPO run
  C="$W/foreign"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"; rm -rf "$C/checkpoints"; cp -r "$W/int-dqn/checkpoints" "$C/"
  before=$(hashdir "$C")
  out=$(cd "$W" && timeout 120 "$B" train --resume "$C" "${QUICK[@]:0:2}" 2>&1); code=$?
  v=$(classify $code "$out" fail); [ "$v" = ok ] && [ "$(hashdir "$C")" != "$before" ] && v=loss
  row resume foreign-checkpoint $code $v "$out"
  # config.json edited between kill and resume
  for edit in 'learning_rate\|learning-rate' seed total_timesteps; do
    C="$W/edited-$(echo "$edit" | cut -c1-8)"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"
    case $edit in
      seed) sed -i 's/"seed" *: *1/"seed" : 7/' "$C/config.json" ;;
      total_timesteps) sed -i 's/"total_timesteps" *: *20000/"total_timesteps" : 30000/' "$C/config.json" ;;
      *) sed -i '0,/"learning-rate" *: *[0-9]/s/"learning-rate" *: *[0-9.eE-]*/"learning-rate" : 0.01/' "$C/config.json" ;;
    esac
    out=$(cd "$W" && timeout 120 "$B" train --resume "$C" "${QUICK[@]:0:2}" 2>&1); code=$?
    row resume "edited-config-$(echo "$edit" | cut -c1-13)" $code "$(classify $code "$out" fail)" "$out"
  done
  # a corrupt checkpoint must be refused without touching metrics.csv (the older checkpoint stays usable)
  C="$W/corrupt-ckpt"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"
  newest=$(ls -d "$C"/checkpoints/step-* | sort | tail -1)
  f=$(find "$newest" -type f ! -name checkpoint.txt | head -1); printf 'garbage' | dd of="$f" bs=1 seek=0 conv=notrunc 2>/dev/null
  before=$(sha256sum <"$C/metrics.csv" 2>/dev/null)
  out=$(cd "$W" && timeout 120 "$B" train --resume "$C" "${QUICK[@]:0:2}" 2>&1); code=$?
  v=$(classify $code "$out" fail); [ "$v" = ok ] && [ "$(sha256sum <"$C/metrics.csv" 2>/dev/null)" != "$before" ] && v=loss
  row resume corrupt-checkpoint-metrics-kept $code $v "$out"
  C="$W/manifest-ckpt"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"
  newest=$(ls -d "$C"/checkpoints/step-* | sort | tail -1); truncate -s 20 "$newest/checkpoint.txt"
  probe resume truncated-checkpoint-manifest fail "$B" train --resume "$C"
  C="$W/cfg-garbage"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"; printf '{"algo": ' >"$C/config.json"
  probe resume config-garbage fail "$B" train --resume "$C"
  C="$W/cfg-empty"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"; printf '{}' >"$C/config.json"
  probe resume config-empty fail "$B" train --resume "$C"
  C="$W/ok-resume"; rm -rf "$C"; cp -r "$W/int-ppo" "$C"
  probe resume valid-resume ok "$B" train --resume "$C" --eval-episodes 0 --no-plot
  left=$(find "$C" -name '.step-*' | wc -l)
  row resume no-temp-checkpoints-left "$left" "$([ "$left" = 0 ] && echo ok || echo unclear)" "$left hidden temp checkpoint dirs"
else
  row resume setup skipped skipped "no checkpoint was written before the kill"
fi

# ---------------------------------------------------------------- non-finite training
for spec in "dqn CartPole-v1 --set learning-starts=500 --set learning-rate=1e30" "ppo CartPole-v1 --set learning-rate=1e30" \
            "a2c CartPole-v1 --set learning-rate=1e30" "sac Pendulum-v1 --set learning-starts=200 --set learning-rate=1e30" \
            "td3 Pendulum-v1 --set learning-starts=200 --set learning-rate=1e30" "reinforce CartPole-v1 --set learning-rate=1e30"; do
  set -- $spec; algo=$1; env=$2; shift 2
  d="$W/nan-$algo"; rm -rf "$d"
  out=$(cd "$W" && timeout 120 "$B" train --algo $algo --env $env --total-timesteps 4000 --run-dir "$d" --no-plot --eval-episodes 2 "$@" 2>&1); code=$?
  v=$(classify $code "$out" fail)
  if [ "$v" = ok ] && ! grep -qiE 'nan\b|non-finite|infinit' <<<"$(said "$out")"; then v=unclear; fi
  row nonfinite "lr-1e30-$algo" $code $v "$(said "$out")"
done

# ---------------------------------------------------------------- disk full (a 600 KiB tmpfs)
T="$W/tmpfs"; mkdir -p "$T"
if mount -t tmpfs -o size=600k tmpfs "$T" 2>/dev/null; then
  out=$(cd "$W" && timeout 120 "$B" train --algo dqn --env CartPole-v1 --total-timesteps 3000 --set buffer-size=3000 --set learning-starts=500 \
      --run-dir "$T/run" --checkpoint-frequency 500 --no-plot --eval-episodes 0 2>&1); code=$?
  v=$(classify $code "$out" fail)
  if [ $code = 0 ]; then v=ok; fi # a run small enough to fit is fine too
  temps=$(find "$T" -name '*.tmp' -o -name '.*tmp*' -o -name '.step-*' 2>/dev/null | wc -l)
  [ "$temps" != 0 ] && v=unclear
  row diskfull "train-on-600k-tmpfs" $code $v "$(tail -1 <<<"$out") ($temps temp files left)"
  dd if=/dev/zero of="$T/filler" bs=1k count=10000 2>/dev/null
  out=$(cd "$W" && "$B" plot "$T/run" --out "$T/plot.png" 2>&1); code=$?
  row diskfull plot-onto-full-disk $code "$(classify $code "$out" fail)" "$out"
  out=$(cd "$W" && "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$T/run2" "${QUICK[@]}" 2>&1); code=$?
  row diskfull train-onto-full-disk $code "$(classify $code "$out" fail)" "$out"
  umount "$T"
else
  row diskfull tmpfs skipped skipped "mount -t tmpfs not permitted here"
fi

# ---------------------------------------------------------------- concurrency
d="$W/race"; rm -rf "$d"
(cd "$W" && "$B" train --algo ppo --env CartPole-v1 --total-timesteps 30000 --run-dir "$d" "${QUICK[@]}" >"$W/race1.log" 2>&1; echo $? >"$W/race1.rc") &
(cd "$W" && "$B" train --algo dqn --env CartPole-v1 --total-timesteps 30000 --run-dir "$d" "${QUICK[@]}" >"$W/race2.log" 2>&1; echo $? >"$W/race2.rc") &
wait
r1=$(cat "$W/race1.rc"); r2=$(cat "$W/race2.rc")
c_algo=$(grep -o '"algo" *: *"[a-z]*"' "$d/config.json" 2>/dev/null | head -1); s_algo=$(grep -o '"algo" *: *"[a-z]*"' "$d/summary.json" 2>/dev/null | head -1)
if [ "$r1" = 0 ] && [ "$r2" = 0 ]; then v=silent; elif [ -n "$s_algo" ] && [ "$c_algo" != "$s_algo" ]; then v=silent; else v=ok; fi
row concurrency two-trains-one-dir "$r1/$r2" $v "$(cat "$W/race2.log" "$W/race1.log" | grep -m1 -iE 'lock|held|running|already' || echo "config $c_algo summary $s_algo")"
interrupted_run "$W/race-res" ppo CartPole-v1 40000
(cd "$W" && "$B" train --resume "$W/race-res" --eval-episodes 0 --no-plot >"$W/rr1.log" 2>&1; echo $? >"$W/rr1.rc") &
sleep 1.5
(cd "$W" && "$B" train --resume "$W/race-res" --eval-episodes 0 --no-plot >"$W/rr2.log" 2>&1; echo $? >"$W/rr2.rc") &
wait
r1=$(cat "$W/rr1.rc"); r2=$(cat "$W/rr2.rc")
row concurrency two-resumes-one-dir "$r1/$r2" "$([ "$r1" = 0 ] && [ "$r2" = 0 ] && echo silent || echo ok)" "$(cat "$W/rr2.log" "$W/rr1.log" | grep -m1 -iE 'lock|held|running|already' || true)"
# --overwrite of a directory that only looks like a run
d="$W/thesis"; rm -rf "$d"; mkdir -p "$d/photos"; echo '{}' >"$d/config.json"; echo 'my thesis' >"$d/thesis.tex"; echo x >"$d/photos/a.jpg"
out=$(cd "$W" && "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$d" --overwrite "${QUICK[@]}" 2>&1); code=$?
if [ -f "$d/thesis.tex" ] && [ -f "$d/photos/a.jpg" ]; then v=$(classify $code "$out" fail); else v=loss; fi
row concurrency overwrite-non-run-dir $code $v "$out"
# --overwrite of a run that is training right now (a long run, stopped with SIGTERM afterwards)
d="$W/busy"; rm -rf "$d"
(cd "$W" && exec perl -e '$SIG{$_} = "DEFAULT" for qw(INT HUP TERM); exec @ARGV or die' \
    "$B" train --algo ppo --env CartPole-v1 --total-timesteps 5000000 --run-dir "$d" "${QUICK[@]}" >/dev/null 2>&1) & bp=$!
for _ in $(seq 1 300); do [ -s "$d/metrics.csv" ] && break; sleep 0.1; done
out=$(cd "$W" && "$B" train --algo ppo --env CartPole-v1 --total-timesteps 1000 --run-dir "$d" --overwrite "${QUICK[@]}" 2>&1); code=$?
alive=$(kill -0 $bp 2>/dev/null && echo yes || echo no)
kill -TERM $bp 2>/dev/null; wait $bp; brc=$?
if [ $code != 0 ] && [ "$alive" = yes ] && [ -s "$d/metrics.csv" ]; then v=$(classify $code "$out" fail); else v=loss; fi
row concurrency overwrite-while-training "$code/$brc" $v "$(said "$out")"

# ---------------------------------------------------------------- signals
sig() { # NAME SIGNAL EXPECTED-CODE [extra args]
  local name=$1 s=$2 want=$3; shift 3
  local d="$W/sig-$name"; rm -rf "$d"
  "$ROOT/bellman" --version >/dev/null 2>&1
  # a background job of a script starts with SIGINT ignored (and SIGHUP too under nohup); perl restores the defaults
  (cd "$W" && exec perl -e '$SIG{$_} = "DEFAULT" for qw(INT HUP TERM); exec @ARGV or die' \
      "$B" train --algo ppo --env CartPole-v1 --total-timesteps 200000 --run-dir "$d" "${QUICK[@]}" "$@" >"$W/sig-$name.log" 2>&1) & local p=$!
  for _ in $(seq 1 200); do [ -f "$d/config.json" ] && break; sleep 0.1; done; sleep 3 # (no metrics.csv before 10 s)
  kill -s "$s" "$p" 2>/dev/null # perl, then the launcher, exec the JVM: the same process
  wait $p; local code=$?
  local v=ok why=""
  [ "$code" != "$want" ] && { v=unclear; why="exit $code, expected $want; "; }
  [ -s "$d/metrics.csv" ] || { v=loss; why="${why}no metrics.csv; "; }
  compgen -G "$d/checkpoints/step-*" >/dev/null || { [ $v = ok ] && v=unclear; why="${why}no checkpoint; "; }
  grep -q -- '--resume' "$W/sig-$name.log" || { [ $v = ok ] && v=unclear; why="${why}no resume hint; "; }
  row signal "$name" "$code" "$v" "$why$(tail -1 "$W/sig-$name.log")"
  if [ $v = ok ]; then probe signal "$name-then-resume" ok "$B" train --resume "$d" --eval-episodes 0 --no-plot; fi
}
sig sigint INT 130
sig sigterm TERM 143
sig sighup HUP 129
sig sigterm-no-checkpoints TERM 143 --checkpoint-frequency 0

echo
echo "probes: $TOTAL; $(for k in ok trace unclear silent loss skipped; do printf '%s %s; ' $k "${COUNT[$k]:-0}"; done)"
