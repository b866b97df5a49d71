#!/usr/bin/env bash
# Where PostgreSQL's time goes when the thread service materialises a message: the read model's run statement and the
# search indexer's insert taken apart, step by step, on the same rows. Results: bench/target/thread-write-breakdown-
# <date-time>/summary.md. BENCHMARKS.md, section "Thread service", "Where PostgreSQL's time goes per message".
#
#   bench/thread-write-breakdown.sh [options]
#
# What one run does (a few minutes on 2 cores):
#   1. Starts its own PostgreSQL 17 (ThreadBenchStack: zonky binaries, fsync and synchronous_commit ON, the
#      materialisation benchmark's settings), no broker, on THREAD_BENCH_PG_PORT (default 15433), data under --data.
#   2. Migrates a template database with thread-service's Flyway scripts (psql, in version order) and fills it
#      (bench/thread/breakdown/setup.sql): --conversations started conversations with 2-3 participants, --messages
#      messages to random ones of them (100-200 bytes of the materialisation workload's words), numbered, in batches.
#   3. Runs each step on a fresh copy of the template, one transaction per batch as the service commits them, after a
#      CHECKPOINT: read (the floor: reading the batch), messages (the rows alone), counters (+ the conversations'
#      counters and last_message_at), participants (+ the participants' last_message_at and read horizons: the read
#      model's whole run statement), tsvector (the search indexer's English text analysis alone), search (the indexer's
#      insert: tsvector, heap, primary key, GIN). Per step: elapsed time and PostgreSQL's CPU per message (the session's
#      backend, which reads its own /proc/self/stat, and PostgreSQL's other processes from /proc), and what the step
#      adds to the one it builds on.
#   4. The ceiling: the read model's whole run and the search insert together, in --sessions concurrent sessions on a
#      fresh copy (each session the messages of every Nth conversation, in batches of --batch, the two statements
#      one transaction each, as N consumers of each group would write them): messages per second with PostgreSQL
#      owning the machine, no service, no broker. Its CPU: PostgreSQL's processes, the sessions' backends included.
#   5. Writes summary.md into --out and stops PostgreSQL.
#
# Options:
#   --messages N        messages (default 200000)
#   --conversations N   conversations (default 10000)
#   --batch N           messages per transaction (default 2000, the service's max.poll.records)
#   --sessions N        concurrent sessions of the ceiling (default 2: the machine's cores; 0: no ceiling)
#   --pg NAME=VALUE     a PostgreSQL setting on top of ThreadBenchStack's defaults (repeatable)
#   --wait-quiet SEC    before each step, wait for the 1-minute load average to drop below --quiet-load (default 1.5),
#                       at most SEC seconds in all (default 0)
#   --rebuild           build the bench module even if its jar exists
#   --data DIR          PostgreSQL's data (default /tmp/threadline-bench/breakdown; wiped at start and at the end)
#   --out DIR           results (default bench/target/thread-write-breakdown-<date-time>)
#
# Needs: a JDK 25, psql (apt-get install -y postgresql-client). Everything listens on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME=thread-write-breakdown
LOG_FD=2
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

MESSAGES=200000
CONVERSATIONS=10000
BATCH=2000
SESSIONS=2
PG_SETTINGS=()
WAIT_QUIET=0
QUIET_LOAD=1.5
REBUILD=0
DATA=/tmp/threadline-bench/breakdown
OUT=""

while (($#)); do
  case "$1" in
    --messages) MESSAGES="$2"; shift 2 ;;
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --sessions) SESSIONS="$2"; shift 2 ;;
    --pg) PG_SETTINGS+=("$2"); shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --quiet-load) QUIET_LOAD="$2"; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --data) DATA="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
whole_numbers "$MESSAGES" "$CONVERSATIONS" "$BATCH" "$WAIT_QUIET" "$SESSIONS"
OUT="${OUT:-$BENCH/target/thread-write-breakdown-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SUMMARY="$OUT/summary.md"
STEPS=(read messages counters participants tsvector search)
SQL="$BENCH/thread/breakdown"
CLK_TCK="$(getconf CLK_TCK)"

cleanup() {
  stop_thread_stack
  [[ -n "$DATA" && -d "$DATA" ]] && rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_java
need_tools psql
build_bench "$REBUILD"
rm -rf "$DATA"
start_thread_stack "$DATA" 0 "${PG_SETTINGS[@]}"

log "template database: thread-service's migrations, $CONVERSATIONS conversations, $MESSAGES messages in batches of $BATCH"
psql_at postgres -c "CREATE DATABASE breakdown_template"
for migration in $(ls "$ROOT"/thread-service/src/main/resources/db/migration/V*.sql | sort -V); do
  psql_at breakdown_template -f "$migration" >/dev/null
done
# The workload's words, as ThreadBench's materialisation workload writes its messages.
WORDS="$(sed -n '/static final String\[\] WORDS = (/,/split(" ");/p' "$BENCH/src/main/java/dev/threadline/bench/thread/ThreadBench.java" \
  | grep -o '"[^"]*"' | tr -d '"' | tr -s ' \n' ' ' | sed 's/^ *//; s/ *$//')"
[[ -n "$WORDS" ]] || die "cannot read the workload's words from ThreadBench.java"
psql_at breakdown_template -v words="$WORDS" -v conversations="$CONVERSATIONS" -v messages="$MESSAGES" \
  -v batch="$BATCH" -f "$SQL/setup.sql" >/dev/null
BATCHES=$(((MESSAGES + BATCH - 1) / BATCH))

declare -A ELAPSED CPU
for step in "${STEPS[@]}"; do
  psql_at postgres -c "CREATE DATABASE breakdown_$step TEMPLATE breakdown_template"
  script="$OUT/$step.psql"
  # The session's own backend ends with the session, so it reads its CPU time from /proc itself (a superuser may read
  # any file), at the start and at the end; PostgreSQL's other processes (WAL writer, checkpointer, ...) are counted
  # from outside.
  {
    echo "SELECT 'backend ' || pg_read_file('/proc/self/stat');"
    for ((b = 0; b < BATCHES; b++)); do
      printf '\\set b %d\n\\i %s\n' "$b" "$SQL/$step.sql"
    done
    echo "SELECT 'backend ' || pg_read_file('/proc/self/stat');"
  } >"$script"
  wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
  psql_at "breakdown_$step" -c "CHECKPOINT"
  pg0="$(postgres_ticks)"
  t0="$(date +%s%N)"
  psql_at "breakdown_$step" -f "$script" | grep '^backend ' >"$OUT/$step.backend"
  t1="$(date +%s%N)"
  pg1="$(postgres_ticks)"
  backend="$(awk '{ sub(/^backend [0-9]+ \(.*\) /, ""); t = $12 + $13; if (NR == 1) first = t; else print t - first }' "$OUT/$step.backend")"
  ELAPSED[$step]=$(((t1 - t0) / 1000))
  CPU[$step]=$(((pg1 - pg0 + backend) * 1000000 / CLK_TCK))
  log "  $step: $(awk -v u="${ELAPSED[$step]}" -v c="${CPU[$step]}" -v n="$MESSAGES" \
    'BEGIN { printf "%.1f s elapsed, PostgreSQL CPU %.1f s: %.1f / %.1f us a message", u / 1e6, c / 1e6, u / n, c / n }')"
done

# The ceiling: both statements in SESSIONS concurrent sessions, conversations split between them (no row is
# written by two sessions, as no conversation is in two consumers' partitions).
if ((SESSIONS > 0)); then
  psql_at postgres -c "CREATE DATABASE breakdown_ceiling TEMPLATE breakdown_template"
  session_batches=$(((MESSAGES / SESSIONS + BATCH - 1) / BATCH + 1))
  for ((k = 0; k < SESSIONS; k++)); do
    {
      # This session's share, renumbered into batches; a temporary table shadows the template's bench_messages for
      # the steps' scripts (pg_temp comes first in the search path).
      echo "CREATE TEMP TABLE bench_messages AS SELECT m.*, (row_number() OVER (ORDER BY m.n) - 1) / $BATCH AS session_batch"
      echo "  FROM public.bench_messages m JOIN bench_conversations c ON c.id = m.conversation_id WHERE c.i % $SESSIONS = $k;"
      echo "ALTER TABLE bench_messages DROP COLUMN batch;"
      echo "ALTER TABLE bench_messages RENAME COLUMN session_batch TO batch;"
      echo "CREATE INDEX ON bench_messages (batch);"
      echo "ANALYZE bench_messages;"
      echo "SELECT 'start ' || (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;"
      for ((b = 0; b < session_batches; b++)); do
        printf '\\set b %d\n\\i %s\n\\i %s\n' "$b" "$SQL/participants.sql" "$SQL/search.sql"
      done
      echo "SELECT 'end ' || (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;"
    } >"$OUT/ceiling-$k.psql"
  done
  wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
  psql_at breakdown_ceiling -c "CHECKPOINT"
  pg0="$(postgres_ticks)"
  busy0="$(machine_busy_ticks)"
  pids=()
  for ((k = 0; k < SESSIONS; k++)); do
    psql_at breakdown_ceiling -f "$OUT/ceiling-$k.psql" >"$OUT/ceiling-$k.out" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || die "a ceiling session failed; see $OUT/ceiling-*.out"
  done
  busy1="$(machine_busy_ticks)"
  sleep 1 # the sessions' backends exit and the postmaster counts their CPU among its children's
  pg1="$(postgres_ticks)"
  stored="$(psql_at breakdown_ceiling -c "SELECT (SELECT count(*) FROM messages) || ' ' || (SELECT count(*) FROM message_search)")"
  [[ "$stored" == "$MESSAGES $MESSAGES" ]] || die "the ceiling stored $stored messages / search rows, not $MESSAGES each"
  wall_us="$(cat "$OUT"/ceiling-*.out | awk '/^start /{ if (s == "" || $2 < s) s = $2 } /^end /{ if ($2 > e) e = $2 } END { print e - s }')"
  CEILING_RATE="$(awk -v n="$MESSAGES" -v u="$wall_us" 'BEGIN { printf "%.0f", n / (u / 1e6) }')"
  CEILING_PG_CORES="$(awk -v c="$((pg1 - pg0))" -v t="$CLK_TCK" -v u="$wall_us" 'BEGIN { printf "%.2f", c / t / (u / 1e6) }')"
  CEILING_PG_US="$(awk -v c="$((pg1 - pg0))" -v t="$CLK_TCK" -v n="$MESSAGES" 'BEGIN { printf "%.1f", c / t * 1e6 / n }')"
  CEILING_BUSY="$(awk -v b="$((busy1 - busy0))" -v t="$CLK_TCK" -v u="$wall_us" 'BEGIN { printf "%.2f", b / t / (u / 1e6) }')"
  log "  ceiling: $SESSIONS sessions, $CEILING_RATE messages/s, PostgreSQL $CEILING_PG_CORES cores ($CEILING_PG_US us a message), machine $CEILING_BUSY cores busy"
fi

{
  echo "## Where PostgreSQL's time goes per message — $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "- machine: $(machine_description)"
  echo "- source: $(source_state)"
  echo "- PostgreSQL: $(pg_settings_line)"
  echo "- $MESSAGES messages to $CONVERSATIONS conversations (2-3 participants each), one transaction per $BATCH"
  echo "- command: bench/thread-write-breakdown.sh --messages $MESSAGES --conversations $CONVERSATIONS --batch $BATCH --sessions $SESSIONS"
  echo
  echo "| step | what it does | elapsed µs / message | PostgreSQL CPU µs / message | CPU added by the step |"
  echo "|---|---|---:|---:|---:|"
  previous=""
  for step in "${STEPS[@]}"; do
    case "$step" in
      read) what="reading the batch (the floor)" ;;
      messages) what="the message rows (heap, primary key, (conversation_id, seq))" ;;
      counters) what="+ the conversations' counters and last_message_at" ;;
      participants) what="+ the participants' last_message_at and read horizons (the read model's run)" ;;
      tsvector) what="the English tsvector alone" ;;
      search) what="the search indexer's insert (tsvector, heap, key, GIN)" ;;
    esac
    base="${previous:-}"
    [[ "$step" == tsvector || "$step" == messages ]] && base=read
    [[ "$step" == search ]] && base=read
    before=0
    [[ -n "$base" ]] && before="${CPU[$base]}"
    added="$(awk -v c="${CPU[$step]}" -v p="$before" -v n="$MESSAGES" -v b="$base" \
      'BEGIN { if (b == "") print "–"; else printf "%+.1f (over %s)", (c - p) / n, b }')"
    awk -v s="$step" -v w="$what" -v u="${ELAPSED[$step]}" -v c="${CPU[$step]}" -v n="$MESSAGES" -v a="$added" \
      'BEGIN { printf "| %s | %s | %.1f | %.1f | %s |\n", s, w, u / n, c / n, a }'
    previous="$step"
  done
  if ((SESSIONS > 0)); then
    echo
    echo "Ceiling: the read model's run and the search insert (participants and search above) in $SESSIONS concurrent"
    echo "sessions, conversations split between them, batches of $BATCH, each statement its own transaction:"
    echo "**$CEILING_RATE messages/s**, PostgreSQL $CEILING_PG_CORES cores busy ($CEILING_PG_US µs of CPU a message, the"
    echo "sessions' set-up included), the machine $CEILING_BUSY of $(nproc) cores. No service, no broker: what PostgreSQL"
    echo "alone allows the thread service on this machine."
  fi
} >"$SUMMARY"
log "summary: $SUMMARY"
cat "$SUMMARY"
