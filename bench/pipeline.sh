#!/usr/bin/env bash
# The pipeline benchmark: the whole stack on this machine's loopback (one Kafka broker, PostgreSQL, ingest-service,
# thread-service, stats-streams) under fixed offered rates through POST /v1/batch, one step per rate. Results:
# bench/target/pipeline-<date-time>/summary.md (+ lag.csv, latency.csv, cpu.csv, gc/, anchor outputs).
#
#   bench/pipeline.sh [options]
#
# What one run does (the Java side is end-to-end-tests/.../pipeline/PipelineBenchmarkIT, Maven profile "pipeline"):
#   1. Builds the services and the bench module, resolves Kafka's tools (bench/kafka-tools/pom.xml).
#   2. Starts the stack on free ports (the chaos suite's ChaosStack, tuned as deployed: the broker with
#      kafka-server-start.sh's JVM options, the services from their jars with -Xmx512m and their defaults, every JVM
#      logging its GC), opens 12 probe conversations (one per partition) and subscribes to their event streams.
#   3. A warm-up at the first rate, then each rate for --step-seconds: the chaos suite's LoadGenerator offers the
#      conversation mix (starts, messages of users/agents/assistants, status changes, read receipts) in batches;
#      once a second it samples each consumer's lag (records, and seconds = age of the oldest record not applied),
#      the CPU and RSS of each process; a few probe messages a second measure 202 -> visible in the thread service
#      (its event stream) and 202 -> counted on conversation-metrics. A step stops early when a lag passes
#      --abort-lag-seconds; after each step the run waits for the consumers to catch up (at most --drain-seconds) and
#      stops stepping up after a step that was not sustained or did not drain.
#   4. The correctness audit (read model = recount of the acknowledged messages, stats = independent computation,
#      no acknowledged event dead-lettered), then the anchors on the same broker and PostgreSQL: ConsumerPerformance
#      over conversation-events, ProducerPerformance (transactional, the events' size), binary COPY of rows like the
#      run's messages (ThreadBench anchors --limit-variants copy, bench module).
#   5. summary.md: the sustained pipeline rate (the highest offered rate at which every lag stayed under the lag limit,
#      ingest acknowledged >= 95 % and answered every batch 200), per step: acknowledged rate, non-202s, lag max/p99,
#      end-to-end p50/p90/p99, CPU per component, heap per JVM; correctness; anchors with ratios; machine, commit,
#      command. Exit code non-zero if the correctness audit failed (a missed target does not fail the run).
# Everything runs on 127.0.0.1 on free ports; the run stops by itself: each step is bounded, the whole run has a time
# limit (--max-minutes), and the test JVM's fork is killed after it; the stack is stopped at the end either way.
#
# Options:
#   --rates R,R,...          offered messages/s, one step each (default 2000,5000,10000,20000,40000)
#   --step-seconds N         length of each step (default 60)
#   --warmup-seconds N       unmeasured warm-up at the first rate (default 90: the services' JIT compilation on 2
#                            busy cores takes a minute or more; 0: none)
#   --short                  a smoke run that proves the machinery on a shared machine, not the rates:
#                            --rates 200,500 --step-seconds 15 --warmup-seconds 10, every step, 5 probes/s, short
#                            drain and anchors (about 6-10 minutes with the build)
#   --batch-size N           commands per POST /v1/batch (default 100)
#   --workers N              concurrent senders (default: enough for one batch per sender every ~100 ms, 4-64)
#   --lag-limit-ms N         a step is sustained only while every lag stays under this (default 2000)
#   --abort-lag-seconds N    stop a step once a lag passes this (default 30)
#   --drain-seconds N        longest wait after a step for the consumers to catch up (default 180)
#   --probes-per-second N    end-to-end probes per second (default 10)
#   --all-steps              run every rate even after one was not sustained (--short does)
#   --kafka-features F       format the broker's storage with these feature levels, e.g. transaction.version=1
#                            (THREADLINE_KAFKA_FEATURES; default: Kafka 4.2's, transactions version 2)
#   --no-anchors             skip ProducerPerformance, ConsumerPerformance and COPY
#   --max-minutes N          time limit of the run after the build (default: warm-up + steps x (step + drain) + 20 min)
#   --jfr                    keep a JFR recording (profile settings) of every JVM: the broker, the three services and
#                            the load generator, in OUT/jfr/<name>.jfr (each costs its JVM a few per cent)
#   --wait-quiet SEC         before starting, wait up to SEC seconds for the 1-minute load average to drop under 1.0
#   --out DIR                where results go (default bench/target/pipeline-<date-time>)
#   -h, --help               this text
#
# Needs a JDK 25 (JAVA_HOME, or one under /usr/lib/jvm) and coreutils' timeout. Do not run the full rates on a machine
# where other builds run: every number would be theirs too (the summary records the load average).
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME="pipeline"
LOG_FD=2 # log lines go to stderr
COMMAND="bench/pipeline.sh${*:+ $*}"
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

RATES="2000,5000,10000,20000,40000"
STEP=60
WARMUP=90
DRAIN=180
ABORT=30
PROBES=10
BATCH=100
WORKERS=0
LAG_LIMIT_MS=2000
ALL_STEPS=false
ANCHORS=true
PRODUCER_RECORDS=1000000
COPY_ROWS=1000000
STATS_SAMPLE=400
HEAP=3g
JFR=false
MAX_MINUTES=""
WAIT_QUIET=0
OUT=""

whole() {
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got '$2'"
  echo "$2"
}

while (($#)); do
  case "$1" in
    --rates) [[ "${2:-}" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--rates needs numbers like 2000,5000"; RATES="$2"; shift 2 ;;
    --step-seconds) STEP="$(whole "$1" "${2:-}")"; shift 2 ;;
    --warmup-seconds) WARMUP="$(whole "$1" "${2:-}")"; shift 2 ;;
    --short)
      RATES="200,500"; STEP=15; WARMUP=10; DRAIN=60; ABORT=15; PROBES=5
      PRODUCER_RECORDS=200000; COPY_ROWS=200000; STATS_SAMPLE=100; HEAP=1g; ALL_STEPS=true; shift ;;
    --batch-size) BATCH="$(whole "$1" "${2:-}")"; shift 2 ;;
    --workers) WORKERS="$(whole "$1" "${2:-}")"; shift 2 ;;
    --lag-limit-ms) LAG_LIMIT_MS="$(whole "$1" "${2:-}")"; shift 2 ;;
    --abort-lag-seconds) ABORT="$(whole "$1" "${2:-}")"; shift 2 ;;
    --drain-seconds) DRAIN="$(whole "$1" "${2:-}")"; shift 2 ;;
    --probes-per-second) PROBES="$(whole "$1" "${2:-}")"; shift 2 ;;
    --all-steps) ALL_STEPS=true; shift ;;
    --kafka-features) export THREADLINE_KAFKA_FEATURES="${2:?--kafka-features needs name=level[,name=level]}"; shift 2 ;;
    --no-anchors) ANCHORS=false; shift ;;
    --jfr) JFR=true; shift ;;
    --max-minutes) MAX_MINUTES="$(whole "$1" "${2:-}")"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$(whole "$1" "${2:-}")"; shift 2 ;;
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
((PROBES > 0)) || die "--probes-per-second must be at least 1"

LOAD_BEFORE="$(load_average)"
OUT="${OUT:-$BENCH/target/pipeline-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
steps="$(tr ',' '\n' <<<"$RATES" | wc -l)"
LIMIT_SECONDS=$(( ${MAX_MINUTES:-0} * 60 ))
((LIMIT_SECONDS > 0)) || LIMIT_SECONDS=$((WARMUP + steps * (STEP + DRAIN) + 20 * 60))

setup_java
wait_load_under_one "$WAIT_QUIET"

log "building the services, the end-to-end tests and the bench module (./mvnw -DskipTests -pl end-to-end-tests,bench -am package)"
mvnw -DskipTests -pl end-to-end-tests,bench -am package >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; die "the build failed; see $OUT/build.log"; }
touch "$BENCH_BUILT"
build_bench 0 # (built just now) sets BENCH_CLASSPATH: ThreadBench (the COPY anchor) and the local runtime
THREAD_BENCH_CLASSPATH="$BENCH_CLASSPATH"

if [[ "$ANCHORS" == true ]]; then
  resolve_kafka_tools "$OUT/build.log"
fi
KAFKA_TOOLS_CLASSPATH="$(cat "$KAFKA_TOOLS_CLASSPATH_FILE" 2>/dev/null || true)"

log "running: rates $RATES messages/s, ${STEP} s each (warm-up ${WARMUP} s), time limit $((LIMIT_SECONDS / 60)) min; output in $OUT"
GENERATOR_JVM_OPTIONS=""
if [[ "$JFR" == true ]]; then
  mkdir -p "$OUT/jfr"
  GENERATOR_JVM_OPTIONS="-XX:StartFlightRecording=filename=$OUT/jfr/load-generator.jfr,settings=profile,dumponexit=true"
fi
status=0
# The fork is killed after the time limit and 10 minutes; Maven itself after 20 (its build comes first).
(cd "$ROOT" && timeout --kill-after=120 $((LIMIT_SECONDS + 1200)) ./mvnw -B -ntp -o -Ppipeline -pl end-to-end-tests -am verify \
  -DskipTests -Dpipeline.generatorHeap="$HEAP" -Dpipeline.forkTimeoutSeconds=$((LIMIT_SECONDS + 600)) \
  -Dpipeline.rates="$RATES" -Dpipeline.stepSeconds="$STEP" -Dpipeline.warmupSeconds="$WARMUP" \
  -Dpipeline.drainSeconds="$DRAIN" -Dpipeline.abortLagSeconds="$ABORT" -Dpipeline.probesPerSecond="$PROBES" \
  -Dpipeline.batchSize="$BATCH" -Dpipeline.workers="$WORKERS" -Dpipeline.lagLimitMillis="$LAG_LIMIT_MS" \
  -Dpipeline.allSteps="$ALL_STEPS" -Dpipeline.anchors="$ANCHORS" -Dpipeline.producerRecords="$PRODUCER_RECORDS" \
  -Dpipeline.maxCopyRows="$COPY_ROWS" -Dpipeline.statsSample="$STATS_SAMPLE" -Dpipeline.timeLimitSeconds="$LIMIT_SECONDS" \
  -Dpipeline.out="$OUT" -Dpipeline.kafkaToolsClasspath="$KAFKA_TOOLS_CLASSPATH" \
  -Dpipeline.threadBenchClasspath="$THREAD_BENCH_CLASSPATH" -Dpipeline.command="$COMMAND" \
  -Dpipeline.loadBefore="$LOAD_BEFORE" -Dpipeline.jfr="$JFR" -Dpipeline.generatorJvmOptions="$GENERATOR_JVM_OPTIONS") \
  >"$OUT/maven.log" 2>&1 || status=$?

if [[ -f "$OUT/summary.md" ]]; then
  cat "$OUT/summary.md"
  log "results in $OUT"
fi
if ((status != 0)); then
  grep -E 'Tests run:|FAIL|ERROR' "$OUT/maven.log" | head -20 >&2 || true
  die "the run failed (exit $status); see $OUT/maven.log"
fi
