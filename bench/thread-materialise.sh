#!/usr/bin/env bash
# The thread-service materialisation benchmark: how fast the thread service turns a backlog of conversation events
# into PostgreSQL rows with counters, next to PostgreSQL's own limit and a seed-style baseline, in one command.
# Results: BENCHMARKS.md, section "Thread service".
#
#   bench/thread-materialise.sh [options]
#
# What one run does (about 10-15 minutes with the defaults on 2 cores):
#   1. Starts its own PostgreSQL 17 (zonky binaries, fsync and synchronous_commit ON, settings printed in the
#      summary) and one Kafka broker (kafka-server-start.sh JVM options) on ports of its own (15433, 19092/19093;
#      THREAD_BENCH_PG_PORT, THREAD_BENCH_KAFKA_PORT, THREAD_BENCH_CONTROLLER_PORT), data under --data (wiped).
#   2. Pre-produces the backlog into conversation-events (ThreadBench produce, bench module): ConversationStarted
#      of --conversations conversations, then --messages MessagePosted to random ones of them (UUIDv7 ids, 100-200
#      bytes of English words, 2-3 participants, a third of them AI chats with token counts). Nothing consumes yet.
#   3. For each --poll-records value: a fresh, empty database; a fresh thread service from its jar
#      (java -Xmx512m -jar thread-service/target/thread-service.jar, THREADLINE_KAFKA_MAX_POLL_RECORDS=value) that
#      migrates it and consumes the whole backlog; the time from its first applied batch to the moment its stored
#      offsets (consumer_offsets, written in the same transaction as the rows) reach the topic's end offsets, polled
#      every 100 ms (or --run-seconds pass). Messages/s = messages stored / that time; also the 10 %-90 % rate and the
#      rate from process start. The headline, "with search", runs until the search indexer's offsets (group
#      thread-service-search) reach the end too: it yields while the read model is behind, so on a backlog it mostly
#      indexes after the read model is done.
#      Then checks the rows (count of messages, sum of message counters) and records CPU by process, the top
#      statements (pg_stat_statements) and a JFR recording of the service.
#   4. The anchors, on the same PostgreSQL, with the same message rows (regenerated from the same seed):
#      limit     the same rows into a copy of messages (LIKE messages INCLUDING ALL: same columns, primary key
#                (conversation_id, id) and unique (conversation_id, seq); no foreign key, no counters), --batch rows
#                per statement: variant "copy" with binary COPY (ThreadBench's BinaryCopy), "insert" with
#                multi-row INSERT ... VALUES over JDBC; variant "search" is the search indexer's work alone: the
#                rows' tsvector into a copy of message_search (primary key and GIN index).
#      baseline  what the seed schemas do: per message one transaction with INSERT INTO messages and UPDATE
#                conversations SET message_count = message_count + 1, last_message_at = ...; --baseline-clients
#                connections at once, each for --baseline-seconds.
#   5. EXPLAIN (ANALYZE, BUFFERS) of the service's own run insert (MessageBulkWriter.INSERT_RUN read from its jar)
#      on the next batch of messages, rolled back, and its median time over 5 executions.
#   6. Writes summary.md (the tables for BENCHMARKS.md) into --out, stops everything it started.
# A target that is not met does not fail the script: it is a benchmark, not a test. Wrong rows do (exit 1).
#
# Options:
#   --messages N            MessagePosted events in the backlog (default 1000000)
#   --conversations N       conversations, each started before its messages (default 10000)
#   --poll-records LIST     THREADLINE_KAFKA_MAX_POLL_RECORDS of each service run, comma-separated (default 500,2000,5000)
#   --consumers LIST        THREADLINE_KAFKA_CONSUMERS of each service run, comma-separated (default 1,2); one run per
#                           pair of --poll-records and --consumers
#   --run-seconds SEC       longest service run, from its first applied batch (default 300): a run that has not
#                           applied the whole backlog by then is stopped and its rate is that of the part it applied
#                           (marked in the summary)
#   --content MIN-MAX       message content length in bytes (default 100-200)
#   --updates F             share of status changes and read receipts among the events after the starts, placed
#                           before messages of their conversation (default 0: messages only; 0.2 is a live desk's mix)
#   --batch N               rows per INSERT of the limit (default 500)
#   --limit-variants LIST   copy,insert,search (default all three)
#   --baseline-clients LIST connections of each baseline run (default 1,8)
#   --baseline-seconds SEC  length of each baseline run (default 30)
#   --explain-batch N       messages in the EXPLAIN ANALYZE batch (default: the largest --poll-records)
#   --pg NAME=VALUE         a PostgreSQL setting on top of ThreadBenchStack's defaults (repeatable)
#   --service-heap SIZE     -Xmx of the thread service (default 512m, as the local runtime runs it)
#   --no-jfr                no JFR recording of the service
#   --skip-anchors          no limit and baseline runs;  --skip-explain  no EXPLAIN ANALYZE
#   --wait-quiet SEC        before each measurement, wait for the 1-minute load average to drop below --quiet-load
#                           (default 1.5), checking every 60 s, at most SEC seconds in all; default 0: measure at once
#   --rebuild               build thread-service and the bench module even if their jars exist
#   --data DIR              PostgreSQL and Kafka data (default /tmp/threadline-bench/materialise; wiped at start,
#                           deleted at the end unless --keep-data)
#   --out DIR               results (default bench/target/thread-materialise-<date-time>)
#
# Needs: a JDK 25 (JAVA_HOME, or what ./threadline java-home finds), psql (apt-get install -y postgresql-client), curl,
# ss. Everything listens on 127.0.0.1 only; every step has a time limit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME=thread-materialise
LOG_FD=2 # log lines go to stderr
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

MESSAGES=1000000
CONVERSATIONS=10000
POLL_RECORDS=500,2000,5000
CONSUMERS=1,2
CONTENT=100-200
UPDATES=0
BATCH=500
LIMIT_VARIANTS=copy,insert,search
BASELINE_CLIENTS=1,8
BASELINE_SECONDS=30
RUN_SECONDS=300
EXPLAIN_BATCH=""
PG_SETTINGS=()
SERVICE_HEAP=512m
JFR=1
ANCHORS=1
EXPLAIN=1
WAIT_QUIET=0
QUIET_LOAD=1.5
REBUILD=0
DATA=/tmp/threadline-bench/materialise
KEEP_DATA=0
OUT=""

while (($#)); do
  case "$1" in
    --messages) MESSAGES="$2"; shift 2 ;;
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --poll-records) POLL_RECORDS="$2"; shift 2 ;;
    --consumers) CONSUMERS="$2"; shift 2 ;;
    --content) CONTENT="$2"; shift 2 ;;
    --updates) UPDATES="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --limit-variants) LIMIT_VARIANTS="$2"; shift 2 ;;
    --baseline-clients) BASELINE_CLIENTS="$2"; shift 2 ;;
    --baseline-seconds) BASELINE_SECONDS="$2"; shift 2 ;;
    --run-seconds) RUN_SECONDS="$2"; shift 2 ;;
    --explain-batch) EXPLAIN_BATCH="$2"; shift 2 ;;
    --pg) PG_SETTINGS+=("$2"); shift 2 ;;
    --service-heap) SERVICE_HEAP="$2"; shift 2 ;;
    --no-jfr) JFR=0; shift ;;
    --skip-anchors) ANCHORS=0; shift ;;
    --skip-explain) EXPLAIN=0; shift ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --quiet-load) QUIET_LOAD="$2"; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --data) DATA="$2"; shift 2 ;;
    --keep-data) KEEP_DATA=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
whole_numbers "$MESSAGES" "$CONVERSATIONS" "$BATCH" "$BASELINE_SECONDS" "$RUN_SECONDS" "$WAIT_QUIET" ${EXPLAIN_BATCH:+"$EXPLAIN_BATCH"}
[[ "$POLL_RECORDS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--poll-records must be like 500,2000,5000"
[[ "$CONSUMERS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--consumers must be like 1,2"
[[ "$CONTENT" =~ ^[0-9]+-[0-9]+$ ]] || die "--content must be MIN-MAX"
OUT="${OUT:-$BENCH/target/thread-materialise-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SUMMARY="$OUT/summary.md"
FAILED=0

cleanup() {
  stop_thread_stack
  if ((!KEEP_DATA)) && [[ -n "$DATA" && -d "$DATA" ]]; then
    rm -rf "$DATA"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_java
need_tools psql curl ss
build_bench "$REBUILD" thread-service
IFS=, read -r -a RECORDS_LIST <<<"$POLL_RECORDS"
IFS=, read -r -a CONSUMERS_LIST <<<"$CONSUMERS"
RUNS=()
for records in "${RECORDS_LIST[@]}"; do
  for consumers in "${CONSUMERS_LIST[@]}"; do
    RUNS+=("r${records}c${consumers}")
  done
done
EXPLAIN_BATCH="${EXPLAIN_BATCH:-$(printf '%s\n' "${RECORDS_LIST[@]}" | sort -n | tail -1)}"
WORKLOAD=(--conversations "$CONVERSATIONS" --messages "$MESSAGES" --content "$CONTENT")

rm -rf "$DATA"
mkdir -p "$DATA"
start_thread_stack "$DATA" 1 "${PG_SETTINGS[@]}"
log "PostgreSQL: $(grep '^postgres-version' "$OUT/stack.out" | cut -d' ' -f2-3); $(pg_settings_line)"

# --- 1. the backlog ---------------------------------------------------------------------------------------------

log "producing $CONVERSATIONS ConversationStarted and $MESSAGES MessagePosted events (share of updates: $UPDATES)"
PRODUCED="$("${BENCH_JAVA[@]}" -Xmx1g dev.threadline.bench.thread.ThreadBench produce --bootstrap "$BOOTSTRAP" \
  "${WORKLOAD[@]}" --updates "$UPDATES" 2>"$OUT/produce.err" \
  | grep '^threadline-produce')" || { cat "$OUT/produce.err" >&2; die "producing failed"; }
log "  $PRODUCED"

# --- 2. the service, once per max.poll.records ------------------------------------------------------------------

declare -A RESULT
run_service() {
  local name="$1" records consumers
  records="$(sed 's/^r\([0-9]*\)c.*/\1/' <<<"$name")"
  consumers="$(sed 's/.*c\([0-9]*\)$/\1/' <<<"$name")"
  local database="threadline_$name"
  psql_at threadline -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
  psql_at threadline -c "SELECT pg_stat_statements_reset()" >/dev/null
  psql_at threadline -c "CHECKPOINT"
  local load0 service0 pg0 broker0 machine0 started
  load0="$(load_average)"
  pg0="$(postgres_ticks)"
  broker0="$(ticks "$BROKER_PID")"
  machine0="$(machine_busy_ticks)"
  started="$(date +%s%3N)"
  log "run $name: thread service with THREADLINE_KAFKA_MAX_POLL_RECORDS=$records THREADLINE_KAFKA_CONSUMERS=$consumers on an empty database ($database); load $load0"
  "${BENCH_JAVA[@]}" -Xmx256m dev.threadline.bench.thread.ThreadBench await --jdbc "$JDBC_BASE/$database" \
    --bootstrap "$BOOTSTRAP" \
    --progress "$OUT/progress-$name.csv" --timeout-s "$RUN_SECONDS" --startup-s 300 --stall-s 180 \
    >"$OUT/await-$name.out" 2>&1 &
  local await_pid=$!
  start_thread_service "$database" "$OUT/thread-service-$name.log" THREADLINE_KAFKA_MAX_POLL_RECORDS="$records" \
    THREADLINE_KAFKA_CONSUMERS="$consumers"
  log "  service pid $SERVICE_PID UP after $(( $(date +%s%3N) - SERVICE_STARTED_MS )) ms"
  service0=0 # the service's CPU is counted from its start: migrating and warming up are part of the run
  if ((JFR)); then
    jcmd "$SERVICE_PID" JFR.start name=thread-bench settings=profile >/dev/null 2>&1 || log "  (JFR did not start)"
  fi
  local rc=0
  wait "$await_pid" || rc=$?
  local ended load1 service1 pg1 broker1 machine1
  ended="$(date +%s%3N)"
  load1="$(load_average)"
  service1="$(ticks "$SERVICE_PID")"
  pg1="$(postgres_ticks)"
  broker1="$(ticks "$BROKER_PID")"
  machine1="$(machine_busy_ticks)"
  local awaited complete=yes
  awaited="$(grep '^threadline-await' "$OUT/await-$name.out" || true)"
  if ((rc == 2)); then
    complete="no: stopped after ${RUN_SECONDS}s"
    log "  run $name stopped at the time limit (--run-seconds $RUN_SECONDS) with $(field "$awaited" applied_events) of" \
      "$(field "$awaited" expected_events) events applied; the rate is that of the part applied"
  fi
  if ((JFR)); then
    jcmd "$SERVICE_PID" JFR.dump name=thread-bench filename="$OUT/thread-service-$name.jfr" >/dev/null 2>&1 || true
    jcmd "$SERVICE_PID" JFR.stop name=thread-bench >/dev/null 2>&1 || true
  fi
  stop_thread_service
  if ((rc != 0 && rc != 2)) || [[ -z "$awaited" ]]; then
    log "  run $name failed: $(tail -3 "$OUT/await-$name.out" | tr '\n' ' ')"
    FAILED=1
    RESULT[$name]="$records|$consumers|failed (see await-$name.out)||||||||||||$load0|$load1"
    return 0
  fi
  if ((JFR)) && [[ -f "$OUT/thread-service-$name.jfr" ]]; then
    jfr view --width 160 hot-methods "$OUT/thread-service-$name.jfr" >"$OUT/jfr-hot-methods-$name.txt" 2>&1 || true
    jfr view --width 160 thread-cpu-load "$OUT/thread-service-$name.jfr" >"$OUT/jfr-thread-cpu-$name.txt" 2>&1 || true
    jfr view --width 160 gc-pauses "$OUT/thread-service-$name.jfr" >"$OUT/jfr-gc-pauses-$name.txt" 2>&1 || true
  fi
  # The statements that took the time, and whether the rows are right.
  psql_at threadline -F ' | ' -c "SELECT calls, round(total_exec_time::numeric / 1000, 1) AS total_s,
      round(mean_exec_time::numeric, 2) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$database')
    ORDER BY total_exec_time DESC LIMIT 8" >"$OUT/statements-$name.txt"
  local check
  check="$(psql_at "$database" -F ' ' -c "SELECT (SELECT count(*) FROM messages), (SELECT sum(message_count) FROM conversations),
      (SELECT count(*) FROM conversations), (SELECT count(*) FROM participants),
      (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.seq > c.last_seq)")"
  read -r stored counted conversations participants beyond <<<"$check"
  if [[ "$stored" != "$counted" || "$beyond" != 0 ]] \
    || [[ "$complete" == yes && ("$stored" != "$MESSAGES" || "$conversations" != "$CONVERSATIONS") ]]; then
    log "  WRONG ROWS: messages=$stored sum(message_count)=$counted conversations=$conversations seq>last_seq=$beyond"
    FAILED=1
  fi
  # Messages/s = messages applied / time from the first committed batch to the last (the moment the stored offsets
  # reached the end, or the last commit the poller saw before the time limit). The starts come first in every
  # partition, so messages applied = events applied - conversations. 10-90 %: events between the two marks / time.
  local first finished at10 at90 elapsed
  first="$(field "$awaited" first_ms)"
  finished="$(field "$awaited" done_ms)"
  ((finished > 0)) || finished="$(field "$awaited" last_change_ms)"
  at10="$(field "$awaited" at10_ms)"
  at90="$(field "$awaited" at90_ms)"
  elapsed="$(awk -v a="$first" -v b="$finished" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
  local rate steady_rate start_rate events
  events="$(field "$awaited" expected_events)"
  local applied
  applied=$(($(field "$awaited" applied_events) - CONVERSATIONS))
  rate="$(awk -v n="$applied" -v s="$elapsed" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }')"
  steady_rate="$(awk -v e="$events" -v a="$at10" -v b="$at90" 'BEGIN { if (a > 0 && b > a) printf "%.0f", 0.8 * e / ((b - a) / 1000); else print "-" }')"
  start_rate="$(awk -v n="$applied" -v a="$SERVICE_STARTED_MS" -v b="$finished" 'BEGIN { printf "%.0f", n / ((b - a) / 1000) }')"
  local seconds
  seconds="$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
  local cpu_service cpu_pg cpu_broker cpu_machine
  cpu_service="$(cores "$((service1 - service0))" "$seconds")"
  cpu_pg="$(cores "$((pg1 - pg0))" "$seconds")"
  cpu_broker="$(cores "$((broker1 - broker0))" "$seconds")"
  cpu_machine="$(cores "$((machine1 - machine0))" "$seconds")"
  # With search: until the search indexer (which yields while the read model is behind) has stored the end offsets too.
  local searched search_rate search_after
  searched="$(field "$awaited" search_done_ms)"
  if ((${searched:-0} > 0)); then
    search_rate="$(awk -v n="$applied" -v a="$first" -v b="$searched" 'BEGIN { printf "%.0f", n / ((b - a) / 1000) }')"
    search_after="$(awk -v a="$finished" -v b="$searched" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
  else
    search_rate="not searchable in time ($(field "$awaited" search_indexed_events) events)"
    search_after="-"
  fi
  RESULT[$name]="$records|$consumers|$search_rate|$rate|$search_after|$steady_rate|$start_rate|$elapsed|$stored / $counted|$complete|$cpu_service|$cpu_pg|$cpu_broker|$cpu_machine|$load0|$load1"
  log "  $applied messages in ${elapsed}s from the first batch: $rate messages/s (10-90 %: $steady_rate events/s;" \
    "from process start: $start_rate/s); messages=$stored sum(message_count)=$counted; complete: $complete"
  log "  searchable too: $search_rate messages/s from the first batch (the search index done ${search_after}s after the read model)"
  log "  cores: service $cpu_service, PostgreSQL $cpu_pg, broker $cpu_broker, machine $cpu_machine; load $load0 -> $load1"
}

for run in "${RUNS[@]}"; do
  run_service "$run"
done
LAST_DB="threadline_${RUNS[-1]}"

# --- 3. the anchors ---------------------------------------------------------------------------------------------

ANCHOR_LINES=""
if ((ANCHORS)); then
  wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
  ANCHOR_LOAD0="$(load_average)"
  log "anchors on $LAST_DB: limit ($LIMIT_VARIANTS, $BATCH rows per INSERT) and baseline (clients $BASELINE_CLIENTS, ${BASELINE_SECONDS}s each); load $ANCHOR_LOAD0"
  "${BENCH_JAVA[@]}" -Xmx3g dev.threadline.bench.thread.ThreadBench anchors --jdbc "$JDBC_BASE/$LAST_DB" "${WORKLOAD[@]}" \
    --batch "$BATCH" \
    --limit-variants "$LIMIT_VARIANTS" --baseline-clients "$BASELINE_CLIENTS" --baseline-seconds "$BASELINE_SECONDS" \
    >"$OUT/anchors.out" 2>&1 || { tail -20 "$OUT/anchors.out" >&2; die "the anchors failed; see $OUT/anchors.out"; }
  ANCHOR_LOAD1="$(load_average)"
  ANCHOR_LINES="$(grep -E '^threadline-(limit|baseline)' "$OUT/anchors.out")"
  while read -r line; do log "  $line"; done <<<"$ANCHOR_LINES"
  log "  load $ANCHOR_LOAD0 -> $ANCHOR_LOAD1"
fi

# --- 4. where the time goes: EXPLAIN ANALYZE of the run insert ---------------------------------------------------

if ((EXPLAIN)); then
  log "EXPLAIN ANALYZE of MessageBulkWriter.INSERT_RUN on $EXPLAIN_BATCH further messages (rolled back)"
  # The service's jar too: explain reads MessageBulkWriter's statements from it.
  java "${JDK_FLAGS[@]}" -Xmx1g "$BENCH_LOGBACK" -cp "$BENCH_CLASSPATH:$THREAD_SERVICE_JAR" \
    dev.threadline.bench.thread.ThreadBench explain --jdbc "$JDBC_BASE/$LAST_DB" "${WORKLOAD[@]}" \
    --batch "$EXPLAIN_BATCH" --repeat 5 >"$OUT/explain.txt" 2>&1 || log "  explain failed; see $OUT/explain.txt"
  grep -E '^threadline-explain|^same participants|^note' "$OUT/explain.txt" | while read -r line; do log "  $line"; done
fi

# --- 5. summary -------------------------------------------------------------------------------------------------

best_service=0
for run in "${RUNS[@]}"; do
  r="$(cut -d'|' -f3 <<<"${RESULT[$run]}")"
  [[ "$r" =~ ^[0-9]+$ ]] && ((r > best_service)) && best_service="$r"
done
{
  echo "## Thread service materialisation — $(date '+%F %T')"
  echo
  echo "- machine: $(machine_description)"
  echo "- source: $(source_state)"
  echo "- PostgreSQL: $(grep '^postgres-version' "$OUT/stack.out" | cut -d' ' -f2-3); $(pg_settings_line)"
  echo "- backlog: $CONVERSATIONS ConversationStarted + $MESSAGES MessagePosted (content $CONTENT bytes)" \
    "+ status changes and read receipts (share $UPDATES of the events after the starts): $(field "$PRODUCED" events) events," \
    "produced at $(field "$PRODUCED" events_per_s) events/s; thread service -Xmx$SERVICE_HEAP"
  echo
  echo "| max.poll.records | consumers | messages/s with search (first batch → searchable) | messages/s, read model (first batch → last) | search done after the read model, s | read model events/s 10–90 % | read model messages/s from process start | read model seconds | rows (messages / sum of counters) | all applied | cores: service | PostgreSQL | broker | machine busy | load before | load after |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|---|"
  for run in "${RUNS[@]}"; do
    row="${RESULT[$run]}"
    echo "| ${row//|/ | } |"
  done
  if [[ -n "$ANCHOR_LINES" ]]; then
    echo
    echo "| anchor (same PostgreSQL, same rows) | rows/s | service best with search / anchor |"
    echo "|---|---:|---:|"
    while read -r line; do
      case "$line" in
        threadline-limit*)
          v="$(field "$line" rows_per_s)"
          case "$(field "$line" variant)" in
            copy) what="binary COPY into a copy of messages" ;;
            insert) what="multi-row INSERT into a copy of messages" ;;
            *) what="search index only: tsvector into a copy of message_search" ;;
          esac
          echo "| limit: $what, $(field "$line" batch) rows per statement | $v | $(awk -v a="$best_service" -v b="$v" 'BEGIN { printf "%.2f", a / b }') |" ;;
        threadline-baseline*)
          v="$(field "$line" messages_per_s)"
          echo "| baseline: one transaction per message (INSERT + UPDATE conversations), $(field "$line" clients) client(s) | $v | $(awk -v a="$best_service" -v b="$v" 'BEGIN { printf "%.1f", a / b }') |" ;;
      esac
    done <<<"$ANCHOR_LINES"
    echo
    echo "Anchors: load average $ANCHOR_LOAD0 before, $ANCHOR_LOAD1 after."
  fi
  if ((EXPLAIN)) && [[ -f "$OUT/explain.txt" ]]; then
    echo
    echo "Run insert, $EXPLAIN_BATCH messages, rolled back (ThreadBench explain, bench module):"
    echo
    grep -E '^threadline-explain|^same participants|^note' "$OUT/explain.txt" | sed 's/^/    /'
  fi
  for run in "${RUNS[@]}"; do
    echo
    echo "Top statements of run $run (pg_stat_statements: calls | total s | mean ms | rows | statement):"
    echo
    sed 's/^/    /' "$OUT/statements-$run.txt"
  done
} >"$SUMMARY"
log "summary: $SUMMARY"
cat "$SUMMARY"
exit "$FAILED"
