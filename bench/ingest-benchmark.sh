#!/usr/bin/env bash
# The ingest-service benchmark: HTTP load from wrk against the ingest service, next to Kafka's own
# ProducerPerformance on the same broker, in one command. Results: BENCHMARKS.md, section "Ingest service".
#
#   bench/ingest-benchmark.sh [options]
#
# What one run does (about 5 minutes with the defaults):
#   1. If nothing answers on http://127.0.0.1:$THREADLINE_INGEST_PORT/health (default 8081), starts a stack and
#      stops it again at the end:
#        --stack bench (default)  IngestBenchStack (bench module): PostgreSQL, one Kafka broker with the JVM options of
#                                 kafka-server-start.sh (1 GB heap, G1), the topics and the ingest service only;
#                                 fresh data in bench/target/stack every run. Thread service and stats-streams do not
#                                 run: on 2 cores they would take CPU from the service under test.
#        --stack full             ./threadline up --wipe with THREADLINE_HOME=bench/target/full-stack: the whole
#                                 pipeline, including its quick-start broker (C1 only, serial GC, 256 MB).
#      If something answers, that stack is used as it is, with Kafka at $KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:9092).
#   2. POST /v1/conversations/{id}/messages (bench/wrk/post-message.lua): a warm-up until the rate stops climbing,
#      then the measured run with --threads wrk threads (JFR recording on the ingest and broker JVMs, broken down by
#      bench/jfr-breakdown.awk); with --one-thread-run, then the same with 1 wrk thread (no JFR).
#   3. The encoded size of the MessagePosted events just written (EventSize, bench module).
#   4. POST /v1/batch (bench/wrk/batch.lua), warm-up and measured run with JFR, if the endpoint exists (else the
#      summary says "pending").
#   5. org.apache.kafka.tools.ProducerPerformance on the same broker, into its own 12-partition topic, with that
#      record size and the service's producer settings (acks=all, idempotence, linger 5 ms, lz4, 64 KiB batches),
#      plain and with transactions: each a short calibration (300,000 records, the first half warm-up), then a run
#      sized by the calibration's steady rate to last about --duration seconds, its first --warmup seconds (at most
#      a third) as warm-up records.
# Every wrk run fails (and the script exits 1 at the end) if any response was not 202. Not meeting a target does not
# fail the script: it is a benchmark, not a test.
#
# Options:
#   --duration SEC          measured seconds of each run (default 30)
#   --warmup SEC            length of one warm-up slice (default 10): each endpoint is loaded in slices until a slice
#                           is less than 10 % faster than the one before (at least 2 slices), because a JIT starved
#                           of CPU on 2 busy cores takes a minute or more to reach its steady state; also the
#                           ProducerPerformance warm-up (at most a third of its run)
#   --warmup-max SEC        longest warm-up of one endpoint (default 60)
#   --connections N         wrk connections for the single-message runs (default 64)
#   --threads N             wrk threads of the single-message run (default 2)
#   --content MIN-MAX       message content length in bytes (default 100-200)
#   --conversations N       size of the fixed pool of conversation ids (default 10000)
#   --batch-size N          commands per /v1/batch request (default 500)
#   --batch-connections N   wrk connections for the batch run (default 8: with 4 the 2 cores were not busy, 1.71)
#   --stack bench|full      what to start when nothing answers on the ingest port (default bench)
#   --token JWT             bearer token for every request (default: one of the service role, minted with the stack's
#                           development secret: bench/target/stack or bench/target/full-stack, or, for a stack that
#                           already runs, THREADLINE_HOME's (default .threadline) as ./threadline up made it)
#   --no-jfr                no JFR recordings
#   --one-thread-run        also a second measured single-message run with 1 wrk thread (30 s more)
#   --paced-rate R          also a measured single-message run paced at about R requests/s over the same connections
#                           (exponential gaps per connection; latency at a given load, not at the most it takes)
#   --skip-batch            no /v1/batch run
#   --skip-producer-perf    no ProducerPerformance runs
#   --producer-props "K=V …"  ProducerPerformance's producer settings; default: the service's own, i.e.
#                           "acks=all enable.idempotence=true linger.ms=5 compression.type=lz4 batch.size=65536"
#   --producer-transaction-ms MS  also run ProducerPerformance with transactions committed every MS ms, as the
#                           ingest service publishes in transactions (default 100; 0: no transactional run)
#   --wait-quiet SEC        before measuring, wait up to SEC seconds for the machine to be quiet (under 0.3 busy
#                           cores over 3 s with the stack idle); other builds on a 2-core machine skew every number
#   --out DIR               where results go (default bench/target/ingest-<date-time>); summary.md has the tables
#
# Needs: a JDK 25 (JAVA_HOME, or what ./threadline java-home finds), wrk (installed with apt-get if missing), curl,
# ss. Builds ingest-service and the bench module (./mvnw -pl ingest-service,bench -am package) only if a jar is
# missing or bench/src changed, and resolves the classpath of org.apache.kafka:kafka-tools (bench/kafka-tools/pom.xml)
# once into bench/target/kafka-tools.classpath.
# Load goes to 127.0.0.1 only, and every run stops by itself after its duration.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME="ingest-benchmark"
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

DURATION=30
WARMUP=10
CONNECTIONS=64
THREADS=2
CONTENT=100-200
CONVERSATIONS=10000
BATCH_SIZE=500
BATCH_CONNECTIONS=8
STACK=bench
TOKEN=""
JFR=1
ONE_THREAD=0
PACED_RATE=0
BATCH=1
PRODUCER_PERF=1
PP_PROPS="acks=all enable.idempotence=true linger.ms=5 compression.type=lz4 batch.size=65536"
PP_TRANSACTION_MS=100
WAIT_QUIET=0
WARMUP_MAX=60
OUT=""

while (($#)); do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --warmup-max) WARMUP_MAX="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --content) CONTENT="$2"; shift 2 ;;
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --batch-size) BATCH_SIZE="$2"; shift 2 ;;
    --batch-connections) BATCH_CONNECTIONS="$2"; shift 2 ;;
    --stack) STACK="$2"; shift 2 ;;
    --token) TOKEN="$2"; shift 2 ;;
    --no-jfr) JFR=0; shift ;;
    --one-thread-run) ONE_THREAD=1; shift ;;
    --paced-rate) PACED_RATE="$2"; shift 2 ;;
    --skip-batch) BATCH=0; shift ;;
    --skip-producer-perf) PRODUCER_PERF=0; shift ;;
    --producer-props) PP_PROPS="$2"; shift 2 ;;
    --producer-transaction-ms) PP_TRANSACTION_MS="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ "$CONTENT" =~ ^([0-9]+)-([0-9]+)$ ]] || die "--content must be MIN-MAX, e.g. 100-200"
CONTENT_MIN="${BASH_REMATCH[1]}"
CONTENT_MAX="${BASH_REMATCH[2]}"
[[ "$STACK" == bench || "$STACK" == full ]] || die "--stack must be bench or full"
whole_numbers "$DURATION" "$WARMUP" "$CONNECTIONS" "$THREADS" "$CONVERSATIONS" "$BATCH_SIZE" "$BATCH_CONNECTIONS" \
  "$PP_TRANSACTION_MS" "$WAIT_QUIET" "$WARMUP_MAX"

INGEST_PORT="${THREADLINE_INGEST_PORT:-8081}"
KAFKA_PORT="${THREADLINE_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${THREADLINE_KAFKA_CONTROLLER_PORT:-9093}"
POSTGRES_PORT="${THREADLINE_POSTGRES_PORT:-5433}"
INGEST_URL="http://127.0.0.1:$INGEST_PORT"
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"
PP_TOPIC="bench-producer-performance"
OUT="${OUT:-$BENCH/target/ingest-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
FAILED=0

# --- prerequisites ----------------------------------------------------------------------------------------------

setup_java
ensure_wrk
need_tools curl ss

INGEST_JAR="$ROOT/ingest-service/target/ingest-service.jar"
build_bench 0 ingest-service
if ((PRODUCER_PERF)); then
  resolve_kafka_tools
fi
# The bench programs, and ./threadline token's ThreadlineToken, on the bench module's classpath.
BENCH_JAVA+=(-Xmx256m -Dthreadline.repo.root="$ROOT" -Dthreadline.logs.dir="$OUT")

# --- the stack --------------------------------------------------------------------------------------------------

STACK_PID=""
STACK_STARTED=0
WRK_PID=""

healthy() {
  curl -sf -m 2 "$INGEST_URL/health/readiness" | grep -q '"UP"'
}

stop_stack() {
  if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
  fi
  if ((STACK_STARTED)) && [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    log "stopping the stack (pid $STACK_PID)"
    stop_pid "$STACK_PID" 90
    local port
    for port in "$INGEST_PORT" "$KAFKA_PORT" "$CONTROLLER_PORT" "$POSTGRES_PORT"; do
      if [[ -n "$(listening_pid "$port")" ]]; then
        log "warning: port $port is still in use after the stop (pid $(listening_pid "$port"))"
      fi
    done
  fi
  STACK_STARTED=0
}
trap stop_stack EXIT
trap 'exit 130' INT TERM
trap 'echo "ingest-benchmark: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

start_stack() {
  local port
  for port in "$KAFKA_PORT" "$CONTROLLER_PORT" "$POSTGRES_PORT"; do
    [[ -z "$(listening_pid "$port")" ]] || die "port $port is in use but nothing answers on $INGEST_URL/health/readiness;" \
      "stop what uses it or move the stack (THREADLINE_KAFKA_PORT, THREADLINE_KAFKA_CONTROLLER_PORT, THREADLINE_POSTGRES_PORT)"
  done
  local output="$OUT/stack.out" ready
  if [[ "$STACK" == bench ]]; then
    rm -rf "$BENCH/target/stack"
    mkdir -p "$BENCH/target/stack"
    log "starting PostgreSQL, Kafka and the ingest service (IngestBenchStack; logs in bench/target/stack/logs)"
    "${BENCH_JAVA[@]}" dev.threadline.bench.IngestBenchStack --data "$BENCH/target/stack" --kafka-port "$KAFKA_PORT" \
      --controller-port "$CONTROLLER_PORT" --postgres-port "$POSTGRES_PORT" --ingest-port "$INGEST_PORT" >"$output" 2>&1 &
    ready='^up$'
  else
    log "starting the whole stack (./threadline up --wipe, THREADLINE_HOME=bench/target/full-stack)"
    THREADLINE_HOME="$BENCH/target/full-stack" "$ROOT/threadline" up --wipe >"$output" 2>&1 &
    ready='^threadline: up'
  fi
  STACK_PID=$!
  STACK_STARTED=1
  local started=0
  await_output "$output" "$ready" "$STACK_PID" 300 || started=$?
  case "$started" in
    1) cat "$output" >&2; die "the stack did not start; see $output" ;;
    2) die "the stack did not start within 5 minutes; see $output" ;;
  esac
  healthy || die "the stack says up but $INGEST_URL/health/readiness does not answer UP"
}

if healthy; then
  log "using the stack that answers on $INGEST_URL (Kafka at $BOOTSTRAP); it is left running"
  TOKEN_HOME="${THREADLINE_HOME:-$ROOT/.threadline}"
  STACK_DESCRIPTION="external (already running), Kafka at $BOOTSTRAP"
else
  start_stack
  if [[ "$STACK" == bench ]]; then
    TOKEN_HOME="$BENCH/target/stack"
  else
    TOKEN_HOME="$BENCH/target/full-stack"
  fi
  if [[ "$STACK" == bench ]]; then
    STACK_DESCRIPTION="bench: PostgreSQL + 1 Kafka broker (-Xms1g -Xmx1g G1) + ingest-service (-Xmx512m); no thread-service/stats-streams"
  else
    STACK_DESCRIPTION="full: ./threadline up (quick-start broker -Xmx256m serial GC C1; thread-service, stats-streams, PostgreSQL)"
  fi
fi
if [[ -z "$TOKEN" ]]; then
  # Load comes from other microservices, as in production: a token of the service role.
  TOKEN="$(THREADLINE_HOME="$TOKEN_HOME" "${BENCH_JAVA[@]}" dev.threadline.localstack.ThreadlineToken --sub bench-load \
    --role service --ttl 12h)" || die "cannot mint a token with the secret in $TOKEN_HOME; pass --token"
fi
export INGEST_BENCH_TOKEN="$TOKEN"
INGEST_PID="$(listening_pid "$INGEST_PORT")"
BROKER_PID="$(listening_pid "${BOOTSTRAP##*:}")"
[[ -n "$INGEST_PID" ]] || die "cannot find the process listening on $INGEST_PORT"

# --- measurements -----------------------------------------------------------------------------------------------

# "pid ticks" (utime+stime, all threads) of every process; the command name may contain spaces, hence the sub().
process_ticks() {
  # Processes end while cat reads them; that is no error.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{ pid = $1; sub(/^.*\) /, ""); print pid, $12 + $13 }'
}

# Busy and total ticks of the whole machine.
machine_ticks() {
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6; print busy, total }' /proc/stat
}

# A short name for a process: the jar or main class of a JVM, else its command.
describe_pid() {
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true)"
  case "$cmdline" in
    "") echo "pid $1 (ended)" ;;
    *plexus-classworlds*) echo "maven" ;;
    *surefirebooter*) echo "surefire test JVM" ;;
    *failsafe* ) echo "failsafe test JVM" ;;
    *" -jar "*) echo "$(sed 's/.* -jar \([^ ]*\).*/\1/' <<<"$cmdline" | xargs basename)" ;;
    *java*) echo "java $(tr ' ' '\n' <<<"$cmdline" | grep -vE '^-|^$|/|:' | head -1)" ;;
    *) echo "$(cut -c1-40 <<<"$cmdline")" ;;
  esac
}

# cpu_report ELAPSED BEFORE_FILE AFTER_FILE WRK_TICKS MACHINE0 MACHINE1: cores used by the ingest JVM, the broker,
# wrk and everything else during a run, with the three busiest other processes named.
cpu_report() {
  local elapsed="$1" before="$2" after="$3" wrk_ticks="$4" machine0="$5" machine1="$6"
  local deltas
  deltas="$(awk 'NR == FNR { t[$1] = $2; next } ($1 in t) { d = $2 - t[$1]; if (d > 0) print $1, d }' "$before" "$after")"
  local ingest broker others
  ingest="$(awk -v p="$INGEST_PID" '$1 == p { print $2 }' <<<"$deltas")"
  broker="$(awk -v p="$BROKER_PID" '$1 == p { print $2 }' <<<"$deltas")"
  others="$(awk -v i="$INGEST_PID" -v b="$BROKER_PID" '$1 != i && $1 != b' <<<"$deltas" | sort -k2 -nr | sed -n 1,3p \
    | while read -r pid ticks; do
        awk -v n="$(describe_pid "$pid")" -v d="$ticks" -v t="$CLK_TCK" -v e="$elapsed" \
          'BEGIN { printf "%s %.2f; ", n, d / t / e }'
      done)"
  awk -v e="$elapsed" -v t="$CLK_TCK" -v i="${ingest:-0}" -v b="${broker:-0}" -v w="$wrk_ticks" -v m0="$machine0" \
    -v m1="$machine1" -v o="${others%; }" 'BEGIN {
      split(m0, a, " "); split(m1, c, " ");
      busy = (c[1] - a[1]) / t / e; ingest = i / t / e; broker = b / t / e; wrk = w / t / e;
      printf "%.2f|%.2f|%.2f|%.2f|%.2f|%s", busy, ingest, broker, wrk, busy - ingest - broker - wrk, o }'
}

export BENCH_CONVERSATIONS="$CONVERSATIONS" BENCH_CONTENT_MIN="$CONTENT_MIN" BENCH_CONTENT_MAX="$CONTENT_MAX"
export BENCH_BATCH_SIZE="$BATCH_SIZE"

declare -A RESULT=() CPU=()

# run_wrk NAME SCRIPT THREADS CONNECTIONS SECONDS [measured]: one wrk run; its summary line lands in RESULT[NAME]
# and, when measured, the cores used by the ingest JVM, the broker JVM, wrk and everything else in CPU[NAME].
run_wrk() {
  local name="$1" script="$2" threads="$3" connections="$4" seconds="$5" measured="${6:-}"
  local file="$OUT/wrk-$name.txt"
  log "wrk $name: -t$threads -c$connections -d${seconds}s $script"
  local machine0 started
  process_ticks >"$OUT/.ticks-before"
  machine0="$(machine_ticks)"
  started="$(date +%s%N)"
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/wrk/$script" "$INGEST_URL" \
    >"$file" 2>&1 &
  WRK_PID=$!
  local wrk_ticks=0 rc=0 sample
  while kill -0 "$WRK_PID" 2>/dev/null; do
    sample="$(ticks "$WRK_PID")"
    ((sample > 0)) && wrk_ticks="$sample"
    sleep 0.5
  done
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  local elapsed machine1
  elapsed="$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  process_ticks >"$OUT/.ticks-after"
  machine1="$(machine_ticks)"
  RESULT[$name]="$(grep '^threadline-wrk requests=' "$file" || true)"
  if ((rc != 0)) || [[ -z "${RESULT[$name]}" ]]; then
    log "wrk $name FAILED (exit $rc): $(grep -E 'FAILED|unable|error' "$file" | head -2 | tr '\n' ' ')"
    FAILED=1
  fi
  if [[ -n "$measured" ]]; then
    CPU[$name]="$(cpu_report "$elapsed" "$OUT/.ticks-before" "$OUT/.ticks-after" "$wrk_ticks" "$machine0" "$machine1")"
    log "  ${RESULT[$name]#threadline-wrk }"
    log "  CPU cores (busy|ingest|broker|wrk|other|busiest others): ${CPU[$name]}"
  fi
  rm -f "$OUT/.ticks-before" "$OUT/.ticks-after"
}

wrk_field() { # wrk_field NAME KEY: one key=value of a wrk summary line
  field "${RESULT[$1]:-}" "$2"
}

declare -A WARMED=()

# warm_up NAME SCRIPT THREADS CONNECTIONS [MAX]: --warmup-second slices until one is less than 10 % faster than the
# one before (at least two), at most MAX (--warmup-max) seconds.
warm_up() {
  local name="$1" previous=0 spent=0 slice=0 rps=0 max="${5:-$WARMUP_MAX}"
  while ((spent + WARMUP <= max || slice == 0)); do
    slice=$((slice + 1))
    run_wrk "$name-warmup-$slice" "$2" "$3" "$4" "$WARMUP"
    rps="$(wrk_field "$name-warmup-$slice" requests_per_s)"
    spent=$((spent + WARMUP))
    log "  warm-up slice $slice: ${rps:-?} requests/s"
    [[ -n "$rps" ]] || break
    if awk -v r="$rps" -v p="$previous" 'BEGIN { exit !(r < 1.1 * p) }'; then
      break
    fi
    previous="$rps"
  done
  WARMED[$name]="${spent}s"
}

# JFR starts before the warm-up, so that the instrumentation it does at start-up is not measured; jfr_dump RUN keeps
# only the last $DURATION seconds, the measured run, in $OUT/RUN-ingest.jfr and $OUT/RUN-broker.jfr, with the ingest
# JVM's hot methods, thread CPU and bench/jfr-breakdown.awk next to them, and the broker's hot methods.
jfr_start() {
  ((JFR)) || return 0
  local pid
  for pid in "$INGEST_PID" "$BROKER_PID"; do
    [[ -n "$pid" ]] && jcmd "$pid" JFR.start name=ingest-benchmark settings=profile >/dev/null 2>&1 || true
  done
}

jfr_dump() {
  ((JFR)) || return 0
  local run="$1" pid name
  for name in ingest broker; do
    pid="$INGEST_PID"
    [[ "$name" == broker ]] && pid="$BROKER_PID"
    [[ -n "$pid" ]] || continue
    jcmd "$pid" JFR.dump name=ingest-benchmark begin="-${DURATION}s" filename="$OUT/$run-$name.jfr" >/dev/null 2>&1 || true
    jcmd "$pid" JFR.stop name=ingest-benchmark >/dev/null 2>&1 || true
    [[ -s "$OUT/$run-$name.jfr" ]] || continue
    jfr view --width 160 hot-methods "$OUT/$run-$name.jfr" >"$OUT/$run-$name-hot-methods.txt" 2>&1 || true
  done
  if [[ -s "$OUT/$run-ingest.jfr" ]]; then
    jfr view --width 160 thread-cpu-load "$OUT/$run-ingest.jfr" >"$OUT/$run-ingest-thread-cpu-load.txt" 2>&1 || true
    jfr print --events jdk.ExecutionSample --stack-depth 128 "$OUT/$run-ingest.jfr" \
      | awk -f "$BENCH/jfr-breakdown.awk" >"$OUT/$run-ingest-breakdown.txt" 2>&1 || true
  fi
}

# Busy cores over 3 s.
busy_cores() {
  local m0 m1
  m0="$(machine_ticks)"
  sleep 3
  m1="$(machine_ticks)"
  awk -v m0="$m0" -v m1="$m1" -v t="$CLK_TCK" 'BEGIN { split(m0, a, " "); split(m1, b, " "); printf "%.2f", (b[1] - a[1]) / t / 3 }'
}

QUIET_BEFORE="$(busy_cores)"
if ((WAIT_QUIET > 0)); then
  waited=0
  while awk -v b="$QUIET_BEFORE" 'BEGIN { exit !(b >= 0.3) }' && ((waited < WAIT_QUIET)); do
    log "machine busy ($QUIET_BEFORE cores with the stack idle); waiting for it to be quiet"
    sleep 7
    waited=$((waited + 10))
    QUIET_BEFORE="$(busy_cores)"
  done
fi
log "machine busy before the runs: $QUIET_BEFORE cores"
LOAD_BEFORE="$(load_average)"

# Single message.
probe="$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$INGEST_URL/v1/conversations/$(cat /proc/sys/kernel/random/uuid)/messages" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"senderId":"customer-1","senderRole":"user","content":"benchmark probe"}')"
[[ "$probe" == 202 ]] || die "POST /v1/conversations/{id}/messages answered $probe, not 202"
jfr_start
warm_up message post-message.lua "$THREADS" "$CONNECTIONS"
run_wrk message post-message.lua "$THREADS" "$CONNECTIONS" "$DURATION" measured
jfr_dump message
if ((ONE_THREAD)); then
  run_wrk message-1thread post-message.lua 1 "$CONNECTIONS" "$DURATION" measured
fi
if ((PACED_RATE > 0)); then
  export INGEST_BENCH_RATE="$PACED_RATE" INGEST_BENCH_CONNECTIONS="$CONNECTIONS"
  run_wrk message-paced post-message.lua "$THREADS" "$CONNECTIONS" "$DURATION" measured
  unset INGEST_BENCH_RATE INGEST_BENCH_CONNECTIONS
fi

# The size of what the service wrote.
EVENT_SIZE_LINE="$("${BENCH_JAVA[@]}" dev.threadline.bench.EventSize --bootstrap "$BOOTSTRAP" --per-partition 200 \
  2>>"$OUT/benchmark.log" | tail -1 || true)"
log "encoded MessagePosted events: $EVENT_SIZE_LINE"
RECORD_SIZE="$(sed -n 's/.*value_avg=\([0-9]*\).*/\1/p' <<<"$EVENT_SIZE_LINE")"
if [[ -z "$RECORD_SIZE" ]]; then
  log "could not measure the event size; ProducerPerformance uses 300 bytes"
  RECORD_SIZE=300
fi

# Batch.
BATCH_STATUS="skipped"
if ((BATCH)); then
  batch_probe="$(curl -s -o "$OUT/batch-probe.json" -w '%{http_code}' -XPOST "$INGEST_URL/v1/batch" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{\"commands\":[{\"type\":\"postMessage\",\"conversationId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"message\":{\"senderId\":\"customer-1\",\"senderRole\":\"user\",\"content\":\"benchmark probe\"}}]}")"
  if [[ "$batch_probe" == 404 ]]; then
    BATCH_STATUS="pending: POST /v1/batch answers 404 in the running build"
    log "$BATCH_STATUS"
  elif [[ "$batch_probe" != 202 ]]; then
    BATCH_STATUS="failed: POST /v1/batch answered $batch_probe to one valid command ($(head -c 300 "$OUT/batch-probe.json"))"
    log "$BATCH_STATUS"
    FAILED=1
  else
    jfr_start
    # Most of the path is warm by now; the batch parsing needs less.
    warm_up batch batch.lua 1 "$BATCH_CONNECTIONS" $((WARMUP_MAX / 2))
    run_wrk batch batch.lua 1 "$BATCH_CONNECTIONS" "$DURATION" measured
    jfr_dump batch
    BATCH_STATUS="measured"
  fi
fi

# ProducerPerformance on the same broker.
declare -A PP_LINE=()
if ((PRODUCER_PERF)); then
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$PP_TOPIC" --partitions 12 --replication-factor 1 >>"$OUT/benchmark.log" 2>&1 \
    || die "cannot create topic $PP_TOPIC"
  producer_performance() { # producer_performance FILE RECORDS WARMUP_RECORDS [TRANSACTION_MS]
    local transactions=()
    [[ -n "${4:-}" ]] && transactions=(--transaction-duration-ms "$4")
    log "ProducerPerformance $1: $2 records of $RECORD_SIZE bytes ($3 of them warm-up), $PP_PROPS ${transactions[*]}"
    # shellcheck disable=SC2086
    kafka_tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$PP_TOPIC" \
      --num-records "$2" --warmup-records "$3" --record-size "$RECORD_SIZE" --throughput -1 "${transactions[@]}" \
      --command-property $PP_PROPS client.id=bench-producer-performance >"$OUT/producer-performance-$1.txt" 2>&1
  }
  # A short calibration, then a run of about --duration seconds whose first part is warm-up.
  for variant in plain transactional; do
    transaction_ms=""
    if [[ "$variant" == transactional ]]; then
      ((PP_TRANSACTION_MS > 0)) || continue
      transaction_ms="$PP_TRANSACTION_MS"
    fi
    # The steady-state rate of the calibration sizes the run; a cold run's rate would make it far too short.
    producer_performance "$variant-calibration" 300000 150000 $transaction_ms || FAILED=1
    rate="$(grep -E 'steady state records sent' "$OUT/producer-performance-$variant-calibration.txt" | tail -1 \
      | sed -n 's/.* records sent, \([0-9]*\).* records\/sec.*/\1/p')"
    if [[ -z "$rate" || "$rate" -eq 0 ]]; then
      log "ProducerPerformance $variant calibration failed; see $OUT/producer-performance-$variant-calibration.txt"
      FAILED=1
      continue
    fi
    warm=$((WARMUP < DURATION / 3 ? WARMUP : DURATION / 3))
    producer_performance "$variant" $((rate * DURATION)) $((rate * warm)) $transaction_ms || FAILED=1
    PP_LINE[$variant]="$(grep -E 'steady state records sent' "$OUT/producer-performance-$variant.txt" | tail -1)"
    [[ -n "${PP_LINE[$variant]}" ]] || PP_LINE[$variant]="$(grep -E 'records sent' "$OUT/producer-performance-$variant.txt" | tail -1)"
    log "  ${PP_LINE[$variant]}"
  done
  if ((!STACK_STARTED)); then
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$PP_TOPIC" \
      >>"$OUT/benchmark.log" 2>&1 || true
  fi
fi
LOAD_AFTER="$(load_average)"

# --- summary ----------------------------------------------------------------------------------------------------

pp() { # pp VARIANT KEY: records/sec, MB/sec, avg, p99 of a ProducerPerformance result line
  local line="${PP_LINE[$1]:-}"
  case "$2" in
    rps) sed -n 's/.*, \([0-9]*\)\.*[0-9]* records\/sec.*/\1/p' <<<"$line" ;;
    mbps) sed -n 's/.*records\/sec (\([0-9.]*\) MB\/sec).*/\1/p' <<<"$line" ;;
    avg) sed -n 's/.*MB\/sec), \([0-9.]*\) ms avg latency.*/\1/p' <<<"$line" ;;
    p99) sed -n 's/.* \([0-9.]*\) ms 99th.*/\1/p' <<<"$line" ;;
  esac
}

ratio() { # ratio EVENTS_PER_S VARIANT: nothing when either is missing
  local anchor
  anchor="$(pp "$2" rps)"
  if [[ -n "$1" && -n "$anchor" ]]; then
    awk -v a="$1" -v b="$anchor" 'BEGIN { printf "%.3f", a / b }'
  fi
}

row() { # row NAME LABEL WRK_SETTINGS
  [[ -n "${RESULT[$1]:-}" ]] || return 0
  local ratios
  ratios="$(ratio "$(wrk_field "$1" events_per_s)" plain)"
  [[ -n "${PP_LINE[transactional]:-}" ]] && ratios="$ratios / $(ratio "$(wrk_field "$1" events_per_s)" transactional)"
  printf '| %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s |\n' "$2" "$3" "$(wrk_field "$1" requests_per_s)" \
    "$(wrk_field "$1" events_per_s)" "$(wrk_field "$1" p50_ms)" "$(wrk_field "$1" p90_ms)" "$(wrk_field "$1" p99_ms)" \
    "$(wrk_field "$1" non_202)" "$ratios"
}

cpu_row() { # cpu_row NAME LABEL: cores used, CPU per event, and the rate those costs allow on all the cores
  [[ -n "${CPU[$1]:-}" ]] || return 0
  local busy ingest broker wrk other others
  IFS='|' read -r busy ingest broker wrk other others <<<"${CPU[$1]}"
  awk -v label="$2" -v busy="$busy" -v i="$ingest" -v b="$broker" -v w="$wrk" -v o="$other" -v others="$others" \
    -v eps="$(wrk_field "$1" events_per_s)" -v cores="$(nproc)" 'BEGIN {
      ims = 1000 * i / eps; bms = 1000 * b / eps; wms = 1000 * w / eps;
      printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.0f | %s |\n", label, busy, i, b, w, o, ims, bms,
        1000 * cores / (ims + bms + wms), others }'
}

target() { # target NAME: the verdict on a measured run
  case "$1" in
    message) awk -v r="$(wrk_field message requests_per_s)" -v p="$(wrk_field message p99_ms)" \
      'BEGIN { print (r >= 5000 && p <= 25) ? "met" : "missed" }' ;;
    batch) awk -v e="$(wrk_field batch events_per_s)" 'BEGIN { print (e >= 100000) ? "met" : "missed" }' ;;
  esac
}

{
  echo "# Ingest benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "- java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "- wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2 || true)"
  echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- ingest-service 2>/dev/null || echo ' + uncommitted ingest-service changes'); ingest jar built $(date -r "$INGEST_JAR" '+%Y-%m-%d %H:%M' 2>/dev/null)"
  echo "- stack: $STACK_DESCRIPTION"
  echo "- busy cores just before the runs (stack idle): $QUIET_BEFORE; load average before/after: $LOAD_BEFORE / $LOAD_AFTER"
  echo "- settings: warm-up ${WARMED[message]:-?} single message, ${WARMED[batch]:-0s} batch (slices of ${WARMUP}s until the rate stops climbing), measured ${DURATION}s, $CONVERSATIONS conversations, content $CONTENT bytes, batch $BATCH_SIZE commands"
  echo "- encoded MessagePosted event: $EVENT_SIZE_LINE"
  echo
  echo "| run | wrk | requests/s | events/s | p50 ms | p90 ms | p99 ms | non-202 | ÷ ProducerPerformance (plain$( [[ -n "${PP_LINE[transactional]:-}" ]] && echo ' / transactional')) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  row message "POST /v1/conversations/{id}/messages" "-t$THREADS -c$CONNECTIONS$( ((JFR)) && echo ', JFR on')"
  row message-1thread "POST /v1/conversations/{id}/messages" "-t1 -c$CONNECTIONS"
  if ((PACED_RATE > 0)); then
    row message-paced "POST /v1/conversations/{id}/messages, paced at ~$PACED_RATE/s" "-t$THREADS -c$CONNECTIONS"
  fi
  if [[ "$BATCH_STATUS" == measured ]]; then
    row batch "POST /v1/batch ($BATCH_SIZE commands)" "-t1 -c$BATCH_CONNECTIONS$( ((JFR)) && echo ', JFR on')"
  else
    echo "| POST /v1/batch | $BATCH_STATUS | | | | | | | |"
  fi
  echo
  echo "CPU cores used during the measured runs (of $(nproc)):"
  echo
  echo "| run | machine busy | ingest JVM | broker JVM | wrk | other | ingest CPU ms/event | broker CPU ms/event | events/s if ingest+broker+wrk had all $(nproc) cores | busiest other processes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  cpu_row message "single message, wrk -t$THREADS"
  cpu_row message-1thread "single message, wrk -t1"
  if ((PACED_RATE > 0)); then
    cpu_row message-paced "single message, paced at ~$PACED_RATE/s"
  fi
  cpu_row batch "batch"
  if ((${#PP_LINE[@]} > 0)); then
    echo
    echo "ProducerPerformance (kafka-tools 4.2.0, topic $PP_TOPIC with 12 partitions, records of $RECORD_SIZE bytes without key, --throughput -1, $PP_PROPS):"
    echo
    echo "| variant | records/s | MB/s | avg latency ms | p99 latency ms |"
    echo "|---|---:|---:|---:|---:|"
    for variant in plain transactional; do
      [[ -n "${PP_LINE[$variant]:-}" ]] || continue
      label="$variant"
      [[ "$variant" == transactional ]] && label="transactional (--transaction-duration-ms $PP_TRANSACTION_MS)"
      echo "| $label | $(pp "$variant" rps) | $(pp "$variant" mbps) | $(pp "$variant" avg) | $(pp "$variant" p99) |"
    done
  fi
  echo
  echo "Targets: single message ≥ 5000 requests/s with p99 ≤ 25 ms: $( [[ -n "${RESULT[message]:-}" ]] && target message || echo 'not run'); batch ≥ 100000 events/s: $( [[ "$BATCH_STATUS" == measured ]] && target batch || echo "$BATCH_STATUS")"
  for run in message batch; do
    [[ -s "$OUT/$run-ingest-breakdown.txt" ]] || continue
    echo
    echo "Ingest JVM during the measured $run run (JFR profile settings; $OUT/$run-ingest.jfr, broker: $run-broker.jfr):"
    echo
    echo '```'
    cat "$OUT/$run-ingest-breakdown.txt"
    echo
    sed -n '1,28p' "$OUT/$run-ingest-hot-methods.txt"
    echo
    sed -n '1,24p' "$OUT/$run-ingest-thread-cpu-load.txt"
    echo '```'
  done
} >"$SUMMARY"

echo
cat "$SUMMARY"
echo
log "results in $OUT"
stop_stack
exit "$FAILED"
