#!/usr/bin/env bash
# The stats-streams benchmark: how many conversation events per second stats-streams processes on a local broker, next
# to Kafka's own ConsumerPerformance reading the same topic in the same run. Results: BENCHMARKS.md, "Stats-streams".
#
#   bench/stats-benchmark.sh [options]
#
# What one run does (2–4 minutes with the defaults):
#   1. Starts one Kafka broker with the JVM options of kafka-server-start.sh (1 GB heap, G1) and the registry's topics,
#      fresh in bench/target/stats-stack (StatsBench broker, bench module). Nothing else runs: on 2 cores every other
#      process would take CPU from the one measured.
#   2. Loads --events generated conversation events onto conversation-events (StatsBench load: a support desk's day,
#      ~12 events per conversation, 40–200-character messages, a fifth with a tenant, conversations starting evenly
#      over two hours and their events in event-time order, as they reach the ingest service), in transactions of
#      500 events as the ingest service publishes them (so the topic holds commit markers, as in production).
#   3. Warms the broker up (--broker-warmup seconds): a broker in service has long compiled its code for transactional
#      Kafka Streams clients, a fresh one spends the first seconds of the first such client's run interpreting it
#      (measured: the first ~100,000 events of a fresh broker's run at a third of the rate of a second run; the second
#      run's stats-streams is just as fresh). So a stats-streams under another application id runs that long, is
#      stopped, and its internal topics and consumer group are deleted (StatsBench forget).
#   4. org.apache.kafka.tools.ConsumerPerformance reads them all (read_committed, as stats-streams does): the ceiling
#      of consuming that topic on this broker and machine.
#   5. stats-streams runs from a fresh JVM with a fresh application id and state directory; StatsBench watch follows its
#      consumer group's committed offsets on conversation-events and on its repartition topics until everything is
#      processed: events/s from its first commit until conversation-events was consumed (source rate), until its
#      repartitioned work was done too (total rate), and between 10 % and 90 % of the source (steady rate).
#      A JFR recording of stats-streams is kept with --jfr.
#   6. With --floor: the floor of any stats design on Kafka Streams, in the same run on the same topic (StatsBench
#      floor): an application with stats-streams' guarantee, commit interval and threads that only reads the events
#      (read), one that also keeps a changelogged count per conversation (count), and one that decodes the events and
#      keeps a changelogged sum of VADER scores per conversation (sentiment), each measured like stats-streams.
#   7. summary.md: the rates, their ratios, the machine and the settings.
# Not meeting the target (50,000 events/s) does not fail the script: it is a benchmark, not a test.
#
# Options:
#   --events N              events to load and process (default 1000000)
#   --threads N             stats-streams stream threads (default 2: the machine's cores)
#   --commit-interval D     stats-streams commit interval, e.g. 100ms (default: its own default)
#   --publish-interval D    stats-streams publish interval, e.g. 500ms (default: its own default)
#   --heap SIZE             stats-streams heap (default 1g)
#   --broker-warmup SEC     how long the warm-up run of step 3 lasts (default 20; 0: none, a cold broker)
#   --jfr                   keep a JFR recording (profile settings) of stats-streams in the output directory
#   --floor                 also measure Kafka Streams' own floor (step 6; adds ~2 minutes)
#   --kafka-port P          broker port (default 39092; controller P+1)
#   --http-port P           stats-streams HTTP port (default 39083)
#   --wait-quiet SEC        before loading, wait up to SEC seconds for the machine to be quiet (1-minute load average
#                           under 1.0): other builds and benchmarks on a 2-core machine skew every number (default 0)
#   --out DIR               where results go (default bench/target/stats-<date-time>)
#
# Needs a JDK 25 (JAVA_HOME, or what ./threadline java-home finds). Builds stats-streams and the bench module
# (./mvnw -pl stats-streams,bench -am package) only if a jar is missing or bench/src changed, and resolves
# org.apache.kafka:kafka-tools (bench/kafka-tools/pom.xml) once into bench/target/kafka-tools.classpath.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME="stats-benchmark"
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

EVENTS=1000000
THREADS=2
COMMIT_INTERVAL=""
PUBLISH_INTERVAL=""
HEAP=1g
BROKER_WARMUP=20
JFR=0
FLOOR=0
KAFKA_PORT=39092
HTTP_PORT=39083
WAIT_QUIET=0
OUT=""

while (($#)); do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --commit-interval) COMMIT_INTERVAL="$2"; shift 2 ;;
    --publish-interval) PUBLISH_INTERVAL="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --broker-warmup) BROKER_WARMUP="$2"; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --floor) FLOOR=1; shift ;;
    --kafka-port) KAFKA_PORT="$2"; shift 2 ;;
    --http-port) HTTP_PORT="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
whole_numbers "$EVENTS" "$THREADS" "$KAFKA_PORT" "$HTTP_PORT" "$WAIT_QUIET" "$BROKER_WARMUP"

BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
OUT="${OUT:-$BENCH/target/stats-$(date +%Y%m%d-%H%M%S)}"
STACK_DIR="$BENCH/target/stats-stack"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"

# --- prerequisites ----------------------------------------------------------------------------------------------

setup_java

STATS_JAR="$ROOT/stats-streams/target/stats-streams.jar"
build_bench 0 stats-streams
resolve_kafka_tools
BENCH_JAVA+=(-Xmx1g dev.threadline.bench.StatsBench)

for port in "$KAFKA_PORT" "$((KAFKA_PORT + 1))" "$HTTP_PORT"; do
  [[ -z "$(listening_pid "$port")" ]] || die "port $port is in use (pid $(listening_pid "$port")); choose others with --kafka-port/--http-port"
done

# A signing secret of this run only: stats-streams refuses to start without a key to verify tokens with.
JWT_SECRET="$(head -c 48 /dev/urandom | base64 -w0)"
STATS_JVM=("${JDK_FLAGS[@]}" "-Xmx$HEAP" -XX:+UseG1GC)
# start_stats APP LOG [JVM OPTION...]: stats-streams from its jar under application id APP, with a state directory of
# its own; sets STATS_PID.
start_stats() {
  local app="$1" log_file="$2"
  shift 2
  local env=(THREADLINE_JWT_SECRET="$JWT_SECRET" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" MICRONAUT_SERVER_PORT="$HTTP_PORT"
    THREADLINE_STATS_APPLICATION_ID="$app" THREADLINE_STATS_STATE_DIR="$STACK_DIR/stats-state-$app"
    THREADLINE_STATS_NUM_STREAM_THREADS="$THREADS")
  [[ -z "$COMMIT_INTERVAL" ]] || env+=(THREADLINE_STATS_COMMIT_INTERVAL="$COMMIT_INTERVAL")
  [[ -z "$PUBLISH_INTERVAL" ]] || env+=(THREADLINE_STATS_PUBLISH_INTERVAL="$PUBLISH_INTERVAL")
  env "${env[@]}" java "${STATS_JVM[@]}" "$@" -jar "$STATS_JAR" >"$log_file" 2>&1 &
  STATS_PID=$!
}

# --- processes ----------------------------------------------------------------------------------------------------

BROKER_PID=""
STATS_PID=""
stop_all() {
  stop_pid "$STATS_PID" 60
  if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
    log "stopping the broker"
    stop_pid "$BROKER_PID" 60
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

rm -rf "$STACK_DIR"
mkdir -p "$STACK_DIR"
log "starting one Kafka broker on $BOOTSTRAP (logs in $STACK_DIR)"
"${BENCH_JAVA[@]}" broker --data "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "$((KAFKA_PORT + 1))" \
  >"$OUT/broker.out" 2>&1 &
BROKER_PID=$!
started=0
await_output "$OUT/broker.out" '^up ' "$BROKER_PID" 120 || started=$?
case "$started" in
  1) die "the broker did not start; see $OUT/broker.out" ;;
  2) die "the broker did not start within 120 s" ;;
esac

wait_load_under_one "$WAIT_QUIET"
log "loading $EVENTS events onto conversation-events"
"${BENCH_JAVA[@]}" load --bootstrap "$BOOTSTRAP" --events "$EVENTS" --seed 42 2>&1 | tee "$OUT/load.out" | grep '^loaded' | tee -a "$OUT/benchmark.log"

if ((BROKER_WARMUP > 0)); then
  WARMUP_APP="stats-warmup-$(date +%H%M%S)"
  log "warming the broker up: stats-streams $WARMUP_APP for $BROKER_WARMUP s, then its topics and group are deleted"
  start_stats "$WARMUP_APP" "$OUT/stats-streams-warmup.log"
  sleep "$BROKER_WARMUP"
  stop_pid "$STATS_PID" 60
  STATS_PID=""
  "${BENCH_JAVA[@]}" forget --bootstrap "$BOOTSTRAP" --application-id "$WARMUP_APP" 2>&1 | grep -v '^SLF4J' | tee -a "$OUT/benchmark.log"
  rm -rf "$STACK_DIR/stats-state-$WARMUP_APP"
fi

log "ConsumerPerformance on conversation-events"
echo "isolation.level=read_committed" >"$OUT/consumer.properties"
kafka_tool org.apache.kafka.tools.ConsumerPerformance \
  --bootstrap-server "$BOOTSTRAP" --topic conversation-events --num-records "$EVENTS" --group "consumer-performance-$$" \
  --timeout 60000 --command-config "$OUT/consumer.properties" 2>/dev/null | tee "$OUT/consumer-performance.out"
# start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
# fetch.MB.sec, fetch.nMsg.sec
CP_LINE="$(grep -E '^[0-9]{4}-' "$OUT/consumer-performance.out" | tail -1)"
CP_RATE="$(echo "$CP_LINE" | awk -F', ' '{printf "%.0f", $6}')"
CP_FETCH_RATE="$(echo "$CP_LINE" | awk -F', ' '{printf "%.0f", $10}')"

APP="stats-bench-$(date +%H%M%S)"
JFR_OPTIONS=()
((JFR == 0)) || JFR_OPTIONS=("-XX:StartFlightRecording=filename=$OUT/stats-streams.jfr,settings=profile")
log "stats-streams $APP: ${THREADS} stream thread(s), heap $HEAP${COMMIT_INTERVAL:+, commit interval $COMMIT_INTERVAL}${PUBLISH_INTERVAL:+, publish interval $PUBLISH_INTERVAL}"
start_stats "$APP" "$OUT/stats-streams.log" "${JFR_OPTIONS[@]}"
sleep 1
CPU_BEFORE="$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)"
"${BENCH_JAVA[@]}" watch --bootstrap "$BOOTSTRAP" --application-id "$APP" --timeout-s 900 --pid "$STATS_PID" --events "$EVENTS" 2>&1 | grep --line-buffered -v '^SLF4J' | tee "$OUT/watch.out"
CPU_AFTER="$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)"
STATS_CPU="$(ps -o times= -p "$STATS_PID" | tr -d ' ')"
BUSY="$(echo "$CPU_BEFORE $CPU_AFTER" | awk '{busy=$3-$1; idle=$4-$2; printf "%.0f", 100*busy/(busy+idle)}')"
RESULT="$(grep '^RESULT' "$OUT/watch.out" || true)"
[[ -n "$RESULT" ]] || die "stats-streams did not finish; see $OUT/stats-streams.log"
value() { field "$RESULT" "$1"; }
# ratio EVENTS_PER_SECOND: its ratio to ConsumerPerformance's rate.
ratio() { awk -v a="$1" -v b="$CP_RATE" 'BEGIN{printf "%.3f", a/b}'; }
stop_pid "$STATS_PID" 60
STATS_PID=""

# The floor (--floor): Kafka Streams with stats-streams' guarantee, commit interval and threads, doing the least.
FLOOR_ROWS=""
if ((FLOOR == 1)); then
  case "$COMMIT_INTERVAL" in
    "") floor_interval_ms=100 ;;
    *ms) floor_interval_ms="${COMMIT_INTERVAL%ms}" ;;
    *s) floor_interval_ms="$((${COMMIT_INTERVAL%s} * 1000))" ;;
    *) die "--floor takes a commit interval in ms or s, not $COMMIT_INTERVAL" ;;
  esac
  for work in read count sentiment; do
    FLOOR_APP="stats-floor-$work-$(date +%H%M%S)"
    log "the floor: Kafka Streams $FLOOR_APP ($work), ${THREADS} stream thread(s), commit interval ${floor_interval_ms}ms"
    "${BENCH_JAVA[@]}" floor --bootstrap "$BOOTSTRAP" --application-id "$FLOOR_APP" --state-dir "$STACK_DIR/floor-state-$work" \
      --work "$work" --threads "$THREADS" --commit-interval-ms "$floor_interval_ms" >"$OUT/floor-$work.log" 2>&1 &
    STATS_PID=$!
    sleep 1
    "${BENCH_JAVA[@]}" watch --bootstrap "$BOOTSTRAP" --application-id "$FLOOR_APP" --timeout-s 600 --pid "$STATS_PID" \
      --events "$EVENTS" --no-repartition 2>&1 | grep --line-buffered -v '^SLF4J' | tee "$OUT/floor-$work-watch.out"
    stop_pid "$STATS_PID" 60
    STATS_PID=""
    FLOOR_RESULT="$(grep '^RESULT' "$OUT/floor-$work-watch.out" || true)"
    [[ -n "$FLOOR_RESULT" ]] || die "the floor ($work) did not finish; see $OUT/floor-$work.log"
    FLOOR_ROWS+="| Kafka Streams floor: $work | $(field "$FLOOR_RESULT" events) | $(field "$FLOOR_RESULT" total_rate) |"
    FLOOR_ROWS+=" $(field "$FLOOR_RESULT" steady_rate) | $(field "$FLOOR_RESULT" steady_cpu_us_per_event) |"
    FLOOR_ROWS+=" $(ratio "$(field "$FLOOR_RESULT" total_rate)") |"$'\n'
  done
fi

cat >"$SUMMARY" <<SUMMARY
# stats-streams benchmark $(date '+%Y-%m-%d %H:%M')

Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GB RAM,
load average before the run: $(cut -d' ' -f1-3 /proc/loadavg). One broker (1 GB heap, G1), conversation-events with 12
partitions, RF 1. stats-streams: $THREADS stream thread(s), heap $HEAP, commit interval ${COMMIT_INTERVAL:-default (100ms)}, publish interval ${PUBLISH_INTERVAL:-default},
exactly_once_v2, windows 1h and 1d. Broker warm-up: $( ((BROKER_WARMUP > 0)) && echo "a ${BROKER_WARMUP} s stats-streams run under another application id before the anchor" || echo "none (a cold broker)").
Events loaded in transactions of 500, as ingest publishes them.

| | events | events/s |
|---|---|---|
| ConsumerPerformance (read_committed), whole run | $EVENTS | $CP_RATE |
| ConsumerPerformance, fetch time only | $EVENTS | $CP_FETCH_RATE |
| stats-streams, until conversation-events consumed | $(value events) | $(value source_rate) |
| stats-streams, until repartitioned work done | $(value events) | $(value total_rate) |
| stats-streams, steady (10 %–90 % of the source) | | $(value steady_rate) |

stats-streams CPU per event in the steady stretch (startup and JIT warm-up left out): $(value steady_cpu_us_per_event) µs
($(awk -v u="$(value steady_cpu_us_per_event)" 'BEGIN{printf "%.1f", u}') s per 1M events).

Ratio stats-streams (total) / ConsumerPerformance: $(ratio "$(value total_rate)").
Machine busy during the stats-streams run: $BUSY % of all cores; stats-streams CPU time: ${STATS_CPU}.
SUMMARY
if [[ -n "$FLOOR_ROWS" ]]; then
  cat >>"$SUMMARY" <<SUMMARY

The floor of any stats design on Kafka Streams, same broker, topic and settings (StatsBench floor: read = consume and
drop each event; count = also one changelogged count per conversation; sentiment = decode each event, score messages
with VADER, a changelogged sum per conversation; none publishes anything):

| application | events | events/s (until consumed) | steady events/s | CPU per event (steady) µs | ratio to ConsumerPerformance |
|---|---|---:|---:|---:|---:|
| stats-streams | $(value events) | $(value total_rate) | $(value steady_rate) | $(value steady_cpu_us_per_event) | $(ratio "$(value total_rate)") |
$FLOOR_ROWS
SUMMARY
fi
cat "$SUMMARY"
log "results in $OUT"
