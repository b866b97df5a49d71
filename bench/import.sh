#!/usr/bin/env bash
# The import benchmark: how fast ./threadline import brings a history into Threadline, end to end, on this machine.
# Results: bench/target/import-<date-time>/summary.md. BENCHMARKS.md, section "Import".
#
#   bench/import.sh [options]
#
# What one run does (a few minutes on 2 cores):
#   1. Starts the local stack as ./threadline up does (one broker, PostgreSQL, the three services from their jars; its
#      own THREADLINE_HOME under --data, wiped), and waits until every service is ready.
#   2. Writes a history (ImportHistory, bench module): --conversations support tickets of 2023, each a conversation,
#      two participants, --messages messages in turn and a resolution, in the import's JSON Lines format.
#   3. Runs ./threadline import on it (batches of 500 records, --parallel lanes in flight, an importing token signed with the stack's
#      secret) and times it: the import rate is records acknowledged by ingest per second.
#   4. Waits until the read model holds every message (SELECT count(*) FROM messages, every second) and stats-streams'
#      consumer group has no lag: the end-to-end rate is messages in the read model per second from the import's start.
#      CPU of each component (broker, PostgreSQL, ingest, thread-service, stats-streams, the import) from /proc.
#   5. Writes summary.md into --out and stops the stack.
#
# Options:
#   --conversations N   tickets (default 20000)
#   --messages N        messages per ticket (default 10)
#   --parallel N        the import's lanes, batches in flight at once (default 4)
#   --wait-quiet SEC    before the import, wait for the 1-minute load average to drop below --quiet-load (default
#                       1.5), at most SEC seconds (default 0)
#   --data DIR          the stack's home (default /tmp/threadline-bench/import; wiped at start and at the end)
#   --out DIR           results (default bench/target/import-<date-time>)
#
# Needs: a JDK 25, psql (apt-get install -y postgresql-client), curl, ss. The stack listens on 127.0.0.1 on the ports
# of ./threadline up (9092, 9093, 5433, 8081-8083; the THREADLINE_*_PORT variables move them); they must be free.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
NAME=import
LOG_FD=2
# shellcheck source=lib.sh
source "$BENCH/lib.sh"

CONVERSATIONS=20000
PARALLEL=4
MESSAGES=10
WAIT_QUIET=0
QUIET_LOAD=1.5
DATA=/tmp/threadline-bench/import
OUT=""

while (($#)); do
  case "$1" in
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --parallel) PARALLEL="$2"; shift 2 ;;
    --messages) MESSAGES="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --quiet-load) QUIET_LOAD="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
whole_numbers "$CONVERSATIONS" "$MESSAGES" "$WAIT_QUIET"
OUT="${OUT:-$BENCH/target/import-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SUMMARY="$OUT/summary.md"
CLK_TCK="$(getconf CLK_TCK)"
UP_PID=""
PG_PORT="${THREADLINE_POSTGRES_PORT:-5433}"
declare -A PORTS=([broker]="${THREADLINE_KAFKA_PORT:-9092}" [ingest]="${THREADLINE_INGEST_PORT:-8081}"
  [thread]="${THREADLINE_THREAD_PORT:-8082}" [stats]="${THREADLINE_STATS_PORT:-8083}")

cleanup() {
  if [[ -n "$UP_PID" ]] && kill -0 "$UP_PID" 2>/dev/null; then
    log "stopping the stack (pid $UP_PID)"
    kill -TERM "$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
  fi
  [[ -n "$DATA" && -d "$DATA" ]] && rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_java
need_tools psql curl ss
build_bench 0 ingest-service thread-service stats-streams importer local-stack
resolve_kafka_tools "$OUT/kafka-tools.log"
for port in "${PORTS[@]}" "$PG_PORT"; do
  [[ -z "$(listening_pid "$port")" ]] || die "port $port is in use; stop what uses it (./threadline up?) first"
done

rm -rf "$DATA"
mkdir -p "$DATA"
log "starting the stack (./threadline up, THREADLINE_HOME=$DATA)"
THREADLINE_HOME="$DATA" "$ROOT/threadline" up >"$OUT/stack.out" 2>&1 &
UP_PID=$!
for component in ingest thread stats; do
  for _ in $(seq 240); do
    curl -fs "http://127.0.0.1:${PORTS[$component]}/health/readiness" >/dev/null 2>&1 && break
    kill -0 "$UP_PID" 2>/dev/null || { tail -30 "$OUT/stack.out" >&2; die "the stack ended; see $OUT/stack.out"; }
    sleep 1
  done
  curl -fs "http://127.0.0.1:${PORTS[$component]}/health/readiness" >/dev/null || die "$component is not ready after 4 minutes"
done
POSTMASTER_PID="$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || listening_pid "$PG_PORT")"
log "stack ready"

HISTORY="$DATA/history.jsonl"
GENERATED="$("${BENCH_JAVA[@]}" dev.threadline.bench.thread.ImportHistory --conversations "$CONVERSATIONS" \
  --messages "$MESSAGES" --out "$HISTORY" | grep '^threadline-history')"
log "  $GENERATED"
EXPECTED=$((CONVERSATIONS * MESSAGES))
RECORDS="$(field "$GENERATED" records)"

count_messages() {
  psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d threadline -c "SELECT count(*) FROM messages" 2>/dev/null || echo 0
}
stats_lag() {
  kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "127.0.0.1:${PORTS[broker]}" \
    --describe --group stats-streams 2>/dev/null | awk '$6 ~ /^[0-9]+$/ { lag += $6 } END { print lag + 0 }'
}
cpu_snapshot() {
  local component pid line=""
  for component in broker ingest thread stats; do
    pid="$(listening_pid "${PORTS[$component]}")"
    line+="$component=$(ticks "${pid:-0}") "
  done
  echo "${line}postgres=$(postgres_ticks)"
}

wait_quiet "$WAIT_QUIET" "$QUIET_LOAD"
BEFORE="$(count_messages)"
CPU0="$(cpu_snapshot)"
LOAD0="$(load_average)"
T0="$(date +%s%N)"
log "importing $RECORDS records ($EXPECTED messages)"
THREADLINE_HOME="$DATA" "$ROOT/threadline" import "$HISTORY" --source "bench-$(date +%s)" --parallel "$PARALLEL" >"$OUT/import.out" 2>"$OUT/import.err" &
IMPORT_PID=$!
IMPORT_TICKS=0
while kill -0 "$IMPORT_PID" 2>/dev/null; do
  IMPORT_TICKS="$(ticks "$IMPORT_PID")"
  sleep 0.5
done
wait "$IMPORT_PID" || die "the import failed; see $OUT/import.out and $OUT/import.err"
T1="$(date +%s%N)"
log "  $(grep 'records handled' "$OUT/import.out")"
APPLIED="$BEFORE"
for _ in $(seq 1200); do
  APPLIED="$(count_messages)"
  ((APPLIED - BEFORE >= EXPECTED)) && break
  sleep 1
done
T2="$(date +%s%N)"
CPU1="$(cpu_snapshot)"
for _ in $(seq 600); do
  [[ "$(stats_lag)" == 0 ]] && break
  sleep 1
done
T3="$(date +%s%N)"
LOAD1="$(load_average)"
((APPLIED - BEFORE >= EXPECTED)) || log "the read model holds $((APPLIED - BEFORE)) of $EXPECTED messages after 20 minutes"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
IMPORT_S="$(seconds "$T0" "$T1")"
READ_MODEL_S="$(seconds "$T0" "$T2")"
STATS_S="$(seconds "$T0" "$T3")"
{
  echo "## Import — $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "- machine: $(machine_description)"
  echo "- source: $(source_state)"
  echo "- history: $GENERATED (support tickets of 2023: a conversation, two participants, messages, a resolution)"
  echo "- command: bench/import.sh --conversations $CONVERSATIONS --messages $MESSAGES --parallel $PARALLEL; load average $LOAD0 → $LOAD1"
  echo
  echo "| measure | seconds | rate |"
  echo "|---|---:|---:|"
  awk -v s="$IMPORT_S" -v r="$RECORDS" -v m="$EXPECTED" \
    'BEGIN { printf "| import (every record acknowledged by ingest) | %s | %.0f records/s (%.0f messages/s) |\n", s, r / s, m / s }'
  awk -v s="$READ_MODEL_S" -v m="$((APPLIED - BEFORE))" \
    'BEGIN { printf "| every message in the read model (from the import'"'"'s start) | %s | %.0f messages/s |\n", s, m / s }'
  awk -v s="$STATS_S" -v m="$EXPECTED" \
    'BEGIN { printf "| stats-streams without lag (from the import'"'"'s start) | %s | %.0f messages/s |\n", s, m / s }'
  echo
  echo "CPU from the import's start until the read model held every message (cores):"
  echo
  echo "| broker | PostgreSQL | ingest | thread-service | stats-streams | the import |"
  echo "|---:|---:|---:|---:|---:|---:|"
  row="|"
  for component in broker postgres ingest thread stats; do
    t0="$(tr ' ' '\n' <<<"$CPU0" | sed -n "s/^$component=//p")"
    t1="$(tr ' ' '\n' <<<"$CPU1" | sed -n "s/^$component=//p")"
    row+=" $(cores "$((t1 - t0))" "$READ_MODEL_S") |"
  done
  row+=" $(cores "$IMPORT_TICKS" "$IMPORT_S") |"
  echo "$row"
} >"$SUMMARY"
log "summary: $SUMMARY"
cat "$SUMMARY"
