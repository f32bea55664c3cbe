# Sourced by the benchmark scripts that run a Python peer: the peers' environment (/work/shared/peers/bin/env.sh: $PY,
# $PEERS_SRC, $PEERS_PATH_TRAIN, $PEERS_PATH_GYM_HEAD) and the BLAS that Debian's torch will call.
# env.sh is written for an interactive shell: one of its lines fails where pybox2d is not built, so it is read outside
# `set -e` (a MinAtar-only setup has no pybox2d). Debian's torch calls whichever libblas.so.3 the alternatives name, and
# `apt-get install python3-torch` may leave it on the netlib reference BLAS, which made examples/dqn.py 4.9x slower
# here (2026-12-07): a peer's speed is only comparable with its BLAS named, so it is printed on stderr.
case $- in *e*) peer_env_errexit=on ;; *) peer_env_errexit=off ;; esac
set +e
source /work/shared/peers/bin/env.sh
if [ "$peer_env_errexit" = on ]; then set -e; fi
unset peer_env_errexit
[ -n "${PY:-}" ] || { echo "no python3 with torch: set up the peers (/work/shared/peers/README.md)" >&2; exit 1; }
PEER_BLAS=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
echo "peer BLAS (libblas.so.3): ${PEER_BLAS:-missing}" >&2
case "$PEER_BLAS" in
  *openblas*) ;;
  *) echo "warning: torch's BLAS is not OpenBLAS; for comparable figures: apt-get install libopenblas0-pthread" >&2 ;;
esac
