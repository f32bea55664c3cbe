#!/bin/sh
# Go rules conformance against GNU Go over GTP (bellman-cli GnuGoConformanceTest): GAMES random games (default 500),
# four in five on 9x9 and one in five on 19x19, comparing all_legal and list_stones after every move.
# Needs the Debian package gnugo (/usr/games/gnugo). Usage: tools/gnugo-conformance.sh [GAMES] [SEED]
set -e
cd "$(dirname "$0")/.."
GAMES=${1:-500}
SEED=${2:-1}
./mvnw -B -o -q -pl bellman-cli -am test -Dtest=GnuGoConformanceTest#randomGamesAgreeWithGnuGoOn9x9And19x19 \
  -Dsurefire.failIfNoSpecifiedTests=false -Dgnugo.games="$GAMES" -Dgnugo.seed="$SEED"
grep -h 'GNU Go conformance' bellman-cli/target/surefire-reports/dev.bellman.cli.GnuGoConformanceTest-output.txt
