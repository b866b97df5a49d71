#!/usr/bin/env bash
# The thread-service query benchmark: latency of a page of 50 messages and of a participant's page of 50
# conversations at about 1,000 requests/s, on 1M conversations and ~10M messages, in one command.
# Results: BENCHMARKS.md, section "Thread service".
#
#   bench/thread-queries.sh [options]
#
# What one run does:
#   1. Starts its own PostgreSQL 17 (zonky binaries; fsync and synchronous_commit ON; settings in the summary) and
#      a Kafka broker with empty topics (the service consumes, but nothing arrives), on ports of its own (15433,
#      19092/19093; THREAD_BENCH_PG_PORT, ...), data under --data.
#   2. Loads the data set unless --data already holds the same one (same size, same migrations, same SQL), which it
#      reuses: ~10 minutes on 2 quiet cores for 1M conversations. The thread service migrates an empty database
#      (Flyway, its real schema), then bench/thread/queries-prepare.sql sets the indexes aside and writes
#      conversations and participants, bench/thread/queries-messages.sql writes the messages in two sessions, in
#      time order, and bench/thread/queries-finish.sql recreates every index and constraint from its own definition
#      and runs VACUUM (ANALYZE). The data set is described in queries-prepare.sql: 1M conversations, ~10.05M
#      messages (10 % of the conversations have 50-70, the rest 1-8), 2-3 participants each; a user is in ~26
#      conversations, an agent in ~360.
#   3. Starts the thread service from its jar (java -Xmx512m -jar thread-service/target/thread-service.jar, as the
#      local runtime runs it) and runs wrk (bench/thread/query.lua) against it, each request for a random id:
#        messages      GET /v1/conversations/{id}/messages?limit=50, ids: 100,000 random conversations with >= 50
#                      messages (every page is full)
#        agents        GET /v1/conversations?participant={id}&limit=50, ids: every agent (every page is full)
#        users         the same for 50,000 random users (~26 conversations: pages of about 26)
#      Each: a warm-up of --warmup seconds, then --duration seconds paced at about --rate requests/s
#      (--paced-connections connections, exponential gaps; Debian's wrk has no constant-rate mode, so the offered rate
#      is a little below --rate and latency is measured from when a request is sent), then --duration seconds closed
#      loop with --closed-connections connections (the most the service does). A run with any non-2xx answer fails.
#   4. EXPLAIN (ANALYZE, BUFFERS) of the statements behind both requests (read from the service's jar), custom and
#      generic plans; a JFR recording of the service during the paced runs; CPU by process.
#   5. Writes summary.md into --out, stops everything it started. The data stays for the next run (--wipe-data
#      deletes it at the end).
# A target that is not met does not fail the script: it is a benchmark, not a test.
#
# Options:
#   --conversations N       conversations of the data set (default 1000000; messages are ~10 per conversation)
#   --users N, --agents N, --assistants N   participant pools (default 50000, 2000, 100)
#   --reload                load the data set even if --data holds it
#   --duration SEC          each measured run (default 30)
#   --warmup SEC            warm-up before each request type (default 20)
#   --rate R                paced runs: offered requests/s (default 1100)
#   --paced-connections N   connections of the paced runs (default 16)
#   --closed-connections N  connections of the closed-loop runs (default 4)
#   --threads N             wrk threads (default 2)
#   --only LIST             request types to run, comma-separated (default messages,agents,users)
#   --pg NAME=VALUE         a PostgreSQL setting on top of ThreadBenchStack's defaults and
#                           shared_buffers=6GB (repeatable)
#   --service-heap SIZE     -Xmx of the thread service (default 512m)
#   --no-prewarm            do not read the tables and indexes into memory first (pg_prewarm: the B-tree indexes,
#                           conversations and participants into shared_buffers, the messages heap into the OS cache)
#   --no-jfr                no JFR recording
#   --wait-quiet SEC        before each measurement, wait for the 1-minute load average to drop below --quiet-load
#                           (default 1.5), checking every 60 s, at most SEC seconds in all; default 0: measure at once
#   --rebuild               build thread-service and the bench module even if their jars exist
#   --data DIR              where the data set lives (default /tmp/threadline-bench/queries)
#   --wipe-data             delete --data at the end
#   --out DIR               results (default bench/target/thread-queries-<date-time>)
#
# Needs: a JDK 25, wrk (installed with apt-get if missing), psql (apt-get install -y postgresql-client), curl, ss;
# ~15 GB of disk under --data for 1M conversations. Everything listens on 127.0.0.1 only and every run is bounded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME=thread-queries
LOG_FD=2 # log lines go to stderr
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

CONVERSATIONS=1000000
USERS=50000
AGENTS=2000
ASSISTANTS=100
RELOAD=0
DURATION=30
WARMUP=20
RATE=1100
PACED_CONNECTIONS=16
CLOSED_CONNECTIONS=4
THREADS=2
ONLY=messages,agents,users
# 25 % of the machine's 24 GiB, the usual rule; --pg shared_buffers=... overrides it.
PG_SETTINGS=(shared_buffers=6GB)
PREWARM=1
SERVICE_HEAP=512m
JFR=1
WAIT_QUIET=0
QUIET_LOAD=1.5
REBUILD=0
DATA=/tmp/threadline-bench/queries
WIPE_DATA=0
OUT=""

while (($#)); do
  case "$1" in
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --agents) AGENTS="$2"; shift 2 ;;
    --assistants) ASSISTANTS="$2"; shift 2 ;;
    --reload) RELOAD=1; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --paced-connections) PACED_CONNECTIONS="$2"; shift 2 ;;
    --closed-connections) CLOSED_CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --pg) PG_SETTINGS+=("$2"); shift 2 ;;
    --service-heap) SERVICE_HEAP="$2"; shift 2 ;;
    --no-jfr) JFR=0; shift ;;
    --no-prewarm) PREWARM=0; shift ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --quiet-load) QUIET_LOAD="$2"; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --data) DATA="$2"; shift 2 ;;
    --wipe-data) WIPE_DATA=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
whole_numbers "$CONVERSATIONS" "$USERS" "$AGENTS" "$ASSISTANTS" "$DURATION" "$WARMUP" "$RATE" "$PACED_CONNECTIONS" \
  "$CLOSED_CONNECTIONS" "$THREADS" "$WAIT_QUIET"
OUT="${OUT:-$BENCH/target/thread-queries-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SUMMARY="$OUT/summary.md"
FAILED=0

WRK_PID=""
cleanup() {
  if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
  fi
  stop_thread_stack
  if ((WIPE_DATA)) && [[ -n "$DATA" && -d "$DATA" ]]; then
    rm -rf "$DATA"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_java
need_tools psql curl ss
ensure_wrk
build_bench "$REBUILD" thread-service

# --- the data set -----------------------------------------------------------------------------------------------

# What identifies a data set: its size and the SQL and migrations that built it.
DATASET_ID="conversations=$CONVERSATIONS users=$USERS agents=$AGENTS assistants=$ASSISTANTS sql=$(cat \
  "$BENCH"/thread/queries-*.sql "$ROOT"/thread-service/src/main/resources/db/migration/*.sql | sha1sum | cut -c1-12)"
LOAD=1
if ((!RELOAD)) && [[ -f "$DATA/dataset.txt" && -d "$DATA/postgres" ]] && [[ "$(head -1 "$DATA/dataset.txt")" == "$DATASET_ID" ]]; then
  LOAD=0
fi
if ((LOAD)); then
  rm -rf "$DATA"
fi
mkdir -p "$DATA"
start_thread_stack "$DATA" 1 "${PG_SETTINGS[@]}"
log "PostgreSQL: $(grep '^postgres-version' "$OUT/stack.out" | cut -d' ' -f2-3); $(pg_settings_line)"

psql_file() { # psql_file SQL_FILE [-v name=value ...]
  local file="$1"
  shift
  psql -X -q -h 127.0.0.1 -p "$THREAD_PG_PORT" -U postgres -d threadline -v ON_ERROR_STOP=1 "$@" -f "$file"
}

if ((LOAD)); then
  LOAD_LOAD0="$(load_average)"
  LOAD_STARTED="$(date +%s)"
  log "loading the data set ($DATASET_ID); load $LOAD_LOAD0"
  log "  schema: the thread service migrates the empty database"
  start_thread_service threadline "$OUT/thread-service-migrate.log"
  stop_thread_service
  log "  conversations and participants (queries-prepare.sql)"
  psql_file "$BENCH/thread/queries-prepare.sql" -v conversations="$CONVERSATIONS" -v users="$USERS" \
    -v agents="$AGENTS" -v assistants="$ASSISTANTS" >"$OUT/load-prepare.out" 2>&1 \
    || { tail -20 "$OUT/load-prepare.out" >&2; die "queries-prepare.sql failed"; }
  log "  messages in 2 sessions (queries-messages.sql)"
  psql_file "$BENCH/thread/queries-messages.sql" -v part=0 -v parts=2 >"$OUT/load-messages-0.out" 2>&1 &
  part0=$!
  psql_file "$BENCH/thread/queries-messages.sql" -v part=1 -v parts=2 >"$OUT/load-messages-1.out" 2>&1 &
  part1=$!
  rc=0
  wait "$part0" || rc=$?
  wait "$part1" || rc=$?
  ((rc == 0)) || { cat "$OUT"/load-messages-*.out >&2; die "queries-messages.sql failed"; }
  log "  indexes, constraints, VACUUM (ANALYZE) (queries-finish.sql)"
  psql_file "$BENCH/thread/queries-finish.sql" >"$OUT/load-finish.out" 2>&1 \
    || { tail -20 "$OUT/load-finish.out" >&2; die "queries-finish.sql failed"; }
  LOAD_SECONDS=$(($(date +%s) - LOAD_STARTED))
  LOAD_LOAD1="$(load_average)"
  printf '%s\nloaded %s in %s s, load average %s -> %s\n' "$DATASET_ID" "$(date '+%F %T')" "$LOAD_SECONDS" \
    "$LOAD_LOAD0" "$LOAD_LOAD1" >"$DATA/dataset.txt"
  log "  loaded in ${LOAD_SECONDS}s; load $LOAD_LOAD1"
else
  log "reusing the data set in $DATA ($(sed -n 2p "$DATA/dataset.txt"))"
fi

DATASET_STATS="$(psql_at threadline -F '|' -c "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM messages),
    (SELECT count(*) FROM participants), pg_size_pretty(pg_database_size('threadline')),
    pg_size_pretty(pg_total_relation_size('messages'))")"
IFS='|' read -r N_CONVERSATIONS N_MESSAGES N_PARTICIPANTS DB_SIZE MESSAGES_SIZE <<<"$DATASET_STATS"
log "data set: $N_CONVERSATIONS conversations, $N_MESSAGES messages, $N_PARTICIPANTS participants; database $DB_SIZE (messages $MESSAGES_SIZE)"

IDS="$DATA/ids"
if [[ ! -s "$IDS/conversations.txt" || ! -s "$IDS/agents.txt" || ! -s "$IDS/users.txt" ]]; then
  mkdir -p "$IDS"
  psql_at threadline -c "SELECT id FROM conversations WHERE message_count >= 50 AND deleted_at IS NULL
      ORDER BY hashtext(id::text) LIMIT 100000" >"$IDS/conversations.txt"
  psql_at threadline -c "SELECT DISTINCT user_id FROM participants WHERE role = 'agent'" >"$IDS/agents.txt"
  psql_at threadline -c "SELECT user_id FROM (SELECT DISTINCT user_id FROM participants WHERE role = 'user') u
      ORDER BY hashtext(user_id) LIMIT 50000" >"$IDS/users.txt"
fi
PARTICIPATION="$(psql_at threadline -F ' ' -c "SELECT round(avg(n) FILTER (WHERE user_id LIKE 'user-%'), 1),
    round(avg(n) FILTER (WHERE user_id LIKE 'agent-%'), 1), max(n) FILTER (WHERE user_id LIKE 'agent-%')
    FROM (SELECT user_id, count(*) AS n FROM participants GROUP BY user_id) p")"
read -r PER_USER PER_AGENT MAX_AGENT <<<"$PARTICIPATION"
log "conversations per user $PER_USER, per agent $PER_AGENT (max $MAX_AGENT)"

# --- the service and the plans ----------------------------------------------------------------------------------

if ((PREWARM)); then
  started="$(date +%s)"
  psql_at threadline -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null
  PREWARMED="$(psql_at threadline -c "SELECT sum(pg_prewarm(c.oid, CASE WHEN c.relname = 'messages' THEN 'read' ELSE 'buffer' END))
      FROM pg_class c WHERE c.relname IN ('conversations', 'participants', 'messages') OR c.oid IN (
        SELECT i.indexrelid FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid IN ('conversations'::regclass, 'participants'::regclass, 'messages'::regclass)
          AND am.amname = 'btree')")"
  log "prewarmed $PREWARMED blocks in $(($(date +%s) - started)) s"
fi
psql_at threadline -c "CHECKPOINT"
psql_at threadline -c "SELECT pg_stat_statements_reset()" >/dev/null
start_thread_service threadline "$OUT/thread-service.log"
log "thread service pid $SERVICE_PID UP after $(( $(date +%s%3N) - SERVICE_STARTED_MS )) ms"
BASE_URL="http://127.0.0.1:$THREAD_SERVICE_PORT"
# The queries are asked as an admin (who may read every conversation), with a token of this data directory's secret.
BENCH_TOKEN="$(bench_token admin)"
SAMPLE_CONVERSATION="$(head -1 "$IDS/conversations.txt")"
SAMPLE_AGENT="$(head -1 "$IDS/agents.txt")"
SAMPLE_USER="$(head -1 "$IDS/users.txt")"
PAGE_MESSAGES="$(curl -sf -H "Authorization: Bearer $BENCH_TOKEN" "$BASE_URL/v1/conversations/$SAMPLE_CONVERSATION/messages?limit=50" | grep -o '"seq":' | wc -l)"
PAGE_AGENT="$(curl -sf -H "Authorization: Bearer $BENCH_TOKEN" "$BASE_URL/v1/conversations?participant=$SAMPLE_AGENT&limit=50" | grep -o '"kind":' | wc -l)"
PAGE_USER="$(curl -sf -H "Authorization: Bearer $BENCH_TOKEN" "$BASE_URL/v1/conversations?participant=$SAMPLE_USER&limit=50" | grep -o '"kind":' | wc -l)"
log "sample pages: $PAGE_MESSAGES messages of $SAMPLE_CONVERSATION, $PAGE_AGENT conversations of $SAMPLE_AGENT," \
  "$PAGE_USER of $SAMPLE_USER"
((PAGE_MESSAGES == 50 && PAGE_AGENT == 50)) || { log "pages are not full: check the data set"; FAILED=1; }
# The service's jar too: plans reads the read model's statements from it.
java "${JDK_FLAGS[@]}" -Xmx256m "$BENCH_LOGBACK" -cp "$BENCH_CLASSPATH:$THREAD_SERVICE_JAR" \
  dev.threadline.bench.thread.ThreadBench plans --jdbc "$JDBC_BASE/threadline" \
  --conversation "$SAMPLE_CONVERSATION" --participant "$SAMPLE_AGENT" --participant2 "$SAMPLE_USER" \
  >"$OUT/plans.txt" 2>&1 || log "  the plans failed; see $OUT/plans.txt"

# --- wrk ----------------------------------------------------------------------------------------------------------

declare -A RESULT CPU LOADS

# run_wrk NAME IDS PATH RATE CONNECTIONS SECONDS: one wrk run; the summary line lands in RESULT[NAME], the cores
# used by the service, PostgreSQL, wrk and the whole machine in CPU[NAME], load averages in LOADS[NAME].
run_wrk() {
  local name="$1" ids="$2" path="$3" rate="$4" connections="$5" seconds="$6"
  local file="$OUT/wrk-$name.txt"
  local service0 pg0 machine0 started load0
  load0="$(load_average)"
  service0="$(ticks "$SERVICE_PID")"
  pg0="$(postgres_ticks)"
  machine0="$(machine_busy_ticks)"
  started="$(date +%s%N)"
  THREAD_BENCH_IDS="$ids" THREAD_BENCH_PATH="$path" THREAD_BENCH_RATE="$rate" THREAD_BENCH_CONNECTIONS="$connections" \
    THREAD_BENCH_TOKEN="$BENCH_TOKEN" \
    wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/thread/query.lua" "$BASE_URL" \
    >"$file" 2>&1 &
  WRK_PID=$!
  local wrk_ticks=0 sample rc=0
  while kill -0 "$WRK_PID" 2>/dev/null; do
    sample="$(ticks "$WRK_PID")"
    ((sample > 0)) && wrk_ticks="$sample"
    sleep 0.5
  done
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  local elapsed
  elapsed="$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  CPU[$name]="$(cores $(($(ticks "$SERVICE_PID") - service0)) "$elapsed")|$(cores $(($(postgres_ticks) - pg0)) "$elapsed")|$(cores "$wrk_ticks" "$elapsed")|$(cores $(($(machine_busy_ticks) - machine0)) "$elapsed")"
  LOADS[$name]="$load0 → $(load_average)"
  RESULT[$name]="$(grep '^threadline-wrk requests=' "$file" || true)"
  if ((rc != 0)) || [[ -z "${RESULT[$name]}" ]]; then
    log "wrk $name FAILED (exit $rc): $(grep -vE '^(Running|  )' "$file" | head -3 | tr '\n' ' ')"
    FAILED=1
  fi
  log "  $name: ${RESULT[$name]#threadline-wrk }"
  log "  $name: cores service|PostgreSQL|wrk|machine ${CPU[$name]}; load ${LOADS[$name]}"
}

declare -A IDS_OF PATH_OF
IDS_OF[messages]="$IDS/conversations.txt"
PATH_OF[messages]="/v1/conversations/%s/messages?limit=50"
IDS_OF[agents]="$IDS/agents.txt"
PATH_OF[agents]="/v1/conversations?participant=%s&limit=50"
IDS_OF[users]="$IDS/users.txt"
PATH_OF[users]="/v1/conversations?participant=%s&limit=50"

IFS=, read -r -a KINDS <<<"$ONLY"
if ((JFR)); then
  jcmd "$SERVICE_PID" JFR.start name=thread-bench settings=profile >/dev/null 2>&1 || log "(JFR did not start)"
fi
for kind in "${KINDS[@]}"; do
  [[ -n "${IDS_OF[$kind]:-}" ]] || die "--only: unknown request type $kind (messages, agents, users)"
  wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
  log "$kind: GET ${PATH_OF[$kind]}, ids from ${IDS_OF[$kind]} ($(wc -l <"${IDS_OF[$kind]}"))"
  run_wrk "$kind-warmup" "${IDS_OF[$kind]}" "${PATH_OF[$kind]}" 0 "$CLOSED_CONNECTIONS" "$WARMUP"
  run_wrk "$kind-paced" "${IDS_OF[$kind]}" "${PATH_OF[$kind]}" "$RATE" "$PACED_CONNECTIONS" "$DURATION"
  run_wrk "$kind-closed" "${IDS_OF[$kind]}" "${PATH_OF[$kind]}" 0 "$CLOSED_CONNECTIONS" "$DURATION"
done
if ((JFR)); then
  jcmd "$SERVICE_PID" JFR.dump name=thread-bench filename="$OUT/thread-service.jfr" >/dev/null 2>&1 || true
  jcmd "$SERVICE_PID" JFR.stop name=thread-bench >/dev/null 2>&1 || true
  if [[ -f "$OUT/thread-service.jfr" ]]; then
    jfr view --width 160 hot-methods "$OUT/thread-service.jfr" >"$OUT/jfr-hot-methods.txt" 2>&1 || true
    jfr view --width 160 thread-cpu-load "$OUT/thread-service.jfr" >"$OUT/jfr-thread-cpu.txt" 2>&1 || true
    jfr view --width 160 gc-pauses "$OUT/thread-service.jfr" >"$OUT/jfr-gc-pauses.txt" 2>&1 || true
  fi
fi
psql_at threadline -F ' | ' -c "SELECT calls, round(total_exec_time::numeric / 1000, 2) AS total_s,
    round(mean_exec_time::numeric, 3) AS mean_ms, round((shared_blks_hit + shared_blks_read)::numeric / calls, 1) AS blocks,
    rows, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'threadline')
  ORDER BY total_exec_time DESC LIMIT 10" >"$OUT/statements.txt"
stop_thread_service

# --- summary ------------------------------------------------------------------------------------------------------

{
  echo "## Thread service queries — $(date '+%F %T')"
  echo
  echo "- machine: $(machine_description)"
  echo "- source: $(source_state)"
  echo "- PostgreSQL: $(grep '^postgres-version' "$OUT/stack.out" | cut -d' ' -f2-3); $(pg_settings_line)"
  echo "- data set: $N_CONVERSATIONS conversations, $N_MESSAGES messages, $N_PARTICIPANTS participants; database" \
    "$DB_SIZE (messages with indexes $MESSAGES_SIZE); conversations per user $PER_USER, per agent $PER_AGENT (max $MAX_AGENT);" \
    "$(sed -n 2p "$DATA/dataset.txt")"
  echo "- thread service -Xmx$SERVICE_HEAP; wrk -t$THREADS; paced: $PACED_CONNECTIONS connections offering ~$RATE/s;" \
    "closed loop: $CLOSED_CONNECTIONS connections; ${DURATION}s each after ${WARMUP}s warm-up"
  echo
  echo "| request | load | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | cores: service | PostgreSQL | wrk | machine | load average |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for kind in "${KINDS[@]}"; do
    for mode in paced closed; do
      line="${RESULT[$kind-$mode]:-}"
      IFS='|' read -r c_service c_pg c_wrk c_machine <<<"${CPU[$kind-$mode]:-?|?|?|?}"
      if [[ "$mode" == paced ]]; then
        how="paced, $PACED_CONNECTIONS conn."
      else
        how="closed loop, $CLOSED_CONNECTIONS conn."
      fi
      echo "| $kind (${PATH_OF[$kind]}) | $how | $(field "$line" requests_per_s) | $(field "$line" p50_ms) |" \
        "$(field "$line" p90_ms) | $(field "$line" p99_ms) | $(field "$line" p999_ms) | $(field "$line" max_ms) |" \
        "$c_service | $c_pg | $c_wrk | $c_machine | ${LOADS[$kind-$mode]:-} |"
    done
  done
  echo
  echo "Top statements (pg_stat_statements over all runs: calls | total s | mean ms | blocks per call | rows | statement):"
  echo
  sed 's/^/    /' "$OUT/statements.txt"
} >"$SUMMARY"
log "summary: $SUMMARY"
cat "$SUMMARY"
exit "$FAILED"
