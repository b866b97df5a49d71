#!/usr/bin/env bash
# The chaos suite: every scenario against a stack of its own on loopback, one report in
# end-to-end-tests/target/chaos/chaos-report.{md,json}. Exits non-zero if an invariant broke.
#
#   bench/chaos.sh            the full suite with the issue's rates and durations (a 90 s warm-up on each fresh stack,
#                             5k/10k/20k msgs/s, 60 s loads, a 3-minute PostgreSQL outage): needs a quiet machine
#   bench/chaos.sh --short    every scenario with 15 s of load at 100-300 msgs/s: proves the machinery, not the rates
#
# Further -Dchaos.* properties are passed on, e.g. -Dchaos.scenarios=kill-postgres,kill-broker (see ChaosSettings).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD" BENCH="$PWD/bench" NAME=chaos
# shellcheck source=lib.sh
source "$BENCH/lib.sh"
# Maven itself must run on the JDK 25 (the build's enforcer says so): the one ./threadline java-home finds unless set.
setup_java
args=()
if [[ "${1:-}" == "--short" ]]; then
  shift
  args+=(-Dchaos.rates=100,200,300 -Dchaos.faultRate=200 -Dchaos.warmupSeconds=0 -Dchaos.loadSeconds=15 -Dchaos.faultAfterSeconds=5
         -Dchaos.downtimeSeconds=2 -Dchaos.outageSeconds=15 -Dchaos.batchSize=20 -Dchaos.workers=2
         -Dchaos.catchUpSeconds=60 -Dchaos.statsSample=150)
fi
exec ./mvnw -B -ntp -Pchaos -pl end-to-end-tests -am verify -DskipTests "${args[@]}" "$@"
