# Shared by bench/thread-materialise.sh and bench/thread-queries.sh (sourced, not run). Expects ROOT, BENCH, OUT and
# NAME (the script's name for messages) to be set, and "set -euo pipefail".

THREAD_PG_PORT="${THREAD_BENCH_PG_PORT:-15433}"
THREAD_KAFKA_PORT="${THREAD_BENCH_KAFKA_PORT:-19092}"
THREAD_CONTROLLER_PORT="${THREAD_BENCH_CONTROLLER_PORT:-19093}"
THREAD_SERVICE_PORT="${THREAD_BENCH_SERVICE_PORT:-18082}"
JDK_FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
CLK_TCK="$(getconf CLK_TCK)"

log() {
  echo "$NAME $(date +%T): $*" | tee -a "$OUT/benchmark.log" >&2
}

die() {
  echo "$NAME: $*" >&2
  exit 1
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# wait_quiet MAX_SECONDS THRESHOLD: waits (checking every 60 s) until the 1-minute load average is below THRESHOLD;
# MAX_SECONDS is the budget of the whole run, shared by every call. Other builds on a 2-core machine skew every
# number, so the load averages go into the summary either way.
QUIET_WAITED=0
wait_quiet() {
  local max="$1" threshold="$2"
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v t="$threshold" 'BEGIN { exit !(l >= t) }'; do
    if ((QUIET_WAITED >= max)); then
      ((max == 0)) || log "load average $(load_average) >= $threshold and the ${max}s to wait for a quiet machine are used up; measuring anyway"
      return 0
    fi
    log "load average $(load_average) >= $threshold; waiting 60 s (${QUIET_WAITED}s of at most ${max}s so far)"
    sleep 60 &
    wait $! # (a signal ends the wait at once; a foreground sleep would delay the script's trap)
    QUIET_WAITED=$((QUIET_WAITED + 60))
  done
  log "load average $(load_average)"
}

listening_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

# --- Java, jars and the bench programs ---------------------------------------------------------------------------

setup_java() {
  if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/jcmd" ]]; then
    JAVA_HOME="$("$ROOT/threadline" java-home)" || die "a JDK 25 is needed; set JAVA_HOME"
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])' || die "JAVA_HOME=$JAVA_HOME is not a JDK 25+"
  for tool in psql curl ss; do
    command -v "$tool" >/dev/null || die "$tool is needed (psql: apt-get install -y postgresql-client)"
  done
}

SERVICE_JAR="$ROOT/thread-service/target/thread-service.jar"
STACK_JAR="$ROOT/local-stack/target/local-stack.jar"
STACK_CLASSPATH_FILE="$ROOT/local-stack/target/runtime.classpath"
BENCH_CLASSES="$BENCH/target/thread-classes"

# Builds thread-service and local-stack if a jar is missing (--rebuild: always), then compiles bench/thread/*.java
# when they are newer than their classes.
build() {
  local rebuild="$1"
  if ((rebuild)) || [[ ! -f "$SERVICE_JAR" || ! -f "$STACK_JAR" || ! -f "$STACK_CLASSPATH_FILE" ]]; then
    log "building thread-service and local-stack (./mvnw -Dmaven.test.skip=true -pl thread-service,local-stack -am package)"
    (cd "$ROOT" && ./mvnw -o -q -Dmaven.test.skip=true -pl thread-service,local-stack -am package) \
      || (cd "$ROOT" && ./mvnw -q -Dmaven.test.skip=true -pl thread-service,local-stack -am package) || die "the build failed"
  fi
  STACK_CLASSPATH="$STACK_JAR:$(cat "$STACK_CLASSPATH_FILE")"
  local source stale=0
  for source in "$BENCH"/thread/*.java; do
    local class="$BENCH_CLASSES/$(basename "${source%.java}").class"
    [[ -f "$class" && ! "$source" -nt "$class" ]] || stale=1
  done
  if ((stale)); then
    mkdir -p "$BENCH_CLASSES"
    javac -d "$BENCH_CLASSES" -cp "$STACK_CLASSPATH" "$BENCH"/thread/*.java || die "cannot compile bench/thread/*.java"
  fi
  # shellcheck disable=SC2206
  BENCH_JAVA=(java $JDK_FLAGS -Dlogback.configurationFile=dev/threadline/localstack/threadline-up-logback.xml
    -cp "$BENCH_CLASSES:$STACK_CLASSPATH")
}

# What is being measured: the commit and whether the working tree differs from it.
source_state() {
  if [[ -n "${THREAD_BENCH_SOURCE:-}" ]]; then
    echo "$THREAD_BENCH_SOURCE (jar built $(date -r "$SERVICE_JAR" +'%F %T'))"
    return
  fi
  local commit dirty
  commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  dirty="$(git -C "$ROOT" status --porcelain -- thread-service 2>/dev/null | wc -l)"
  if ((dirty > 0)); then
    echo "$commit + $dirty uncommitted change(s) under thread-service/ (jar built $(date -r "$SERVICE_JAR" +'%F %T'))"
  else
    echo "$commit (jar built $(date -r "$SERVICE_JAR" +'%F %T'))"
  fi
}

machine_description() {
  local cpu memory
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "$(nproc) cores ($cpu), $memory RAM, $(uname -sr), disk $(df -h "$DATA" | awk 'NR == 2 { print $1 " " $2 }')"
}

# --- the stack: PostgreSQL (+ Kafka) from bench/thread/ThreadBenchStack.java -------------------------------------

STACK_PID=""
SERVICE_PID=""
POSTMASTER_PID=""
BROKER_PID=""

# start_stack DATA_DIR WITH_KAFKA(0|1) [PG_SETTINGS...]: runs until stop_stack; PG settings are name=value.
start_stack() {
  local data="$1" kafka="$2"
  shift 2
  local port
  for port in "$THREAD_PG_PORT" "$THREAD_KAFKA_PORT" "$THREAD_CONTROLLER_PORT" "$THREAD_SERVICE_PORT"; do
    [[ -z "$(listening_pid "$port")" ]] || die "port $port is in use; stop what uses it or move the benchmark" \
      "(THREAD_BENCH_PG_PORT, THREAD_BENCH_KAFKA_PORT, THREAD_BENCH_CONTROLLER_PORT, THREAD_BENCH_SERVICE_PORT)"
  done
  local args=(--data "$data" --pg-port "$THREAD_PG_PORT")
  if ((kafka)); then
    args+=(--kafka-port "$THREAD_KAFKA_PORT" --controller-port "$THREAD_CONTROLLER_PORT")
  fi
  local setting
  for setting in "$@"; do
    args+=(--pg "$setting")
  done
  mkdir -p "$data"
  log "starting PostgreSQL$( ((kafka)) && echo " and Kafka") (bench/thread/ThreadBenchStack.java, data in $data)"
  "${BENCH_JAVA[@]}" -Xmx256m ThreadBenchStack "${args[@]}" >"$OUT/stack.out" 2>&1 &
  STACK_PID=$!
  local i
  for i in $(seq 240); do
    grep -qx 'up' "$OUT/stack.out" && break
    kill -0 "$STACK_PID" 2>/dev/null || { tail -30 "$OUT/stack.out" >&2; die "the stack did not start; see $OUT/stack.out"; }
    sleep 1
  done
  grep -qx 'up' "$OUT/stack.out" || die "the stack did not start within 4 minutes; see $OUT/stack.out"
  POSTMASTER_PID="$(head -1 "$data/postgres/postmaster.pid")"
  if ((kafka)); then
    BROKER_PID="$(listening_pid "$THREAD_KAFKA_PORT")"
  fi
  JDBC_BASE="jdbc:postgresql://127.0.0.1:$THREAD_PG_PORT"
  BOOTSTRAP="127.0.0.1:$THREAD_KAFKA_PORT"
}

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    local i
    for i in $(seq 30); do
      kill -0 "$SERVICE_PID" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

stop_stack() {
  local i
  stop_service
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    log "stopping the stack (pid $STACK_PID)"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    for i in $(seq 90); do
      kill -0 "$STACK_PID" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$STACK_PID" 2>/dev/null && kill -KILL "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  STACK_PID=""
  # PostgreSQL finishes its fast shutdown (zonky's pg_ctl stop) on its own; whatever the stack left behind after
  # that (it was killed, say) goes by its own pid, never by name.
  for i in $(seq 30); do
    [[ -n "$POSTMASTER_PID" ]] && kill -0 "$POSTMASTER_PID" 2>/dev/null || break
    sleep 1
  done
  if [[ -n "$POSTMASTER_PID" ]] && kill -0 "$POSTMASTER_PID" 2>/dev/null; then
    log "PostgreSQL (pid $POSTMASTER_PID) outlived the stack; stopping it"
    kill -INT "$POSTMASTER_PID" 2>/dev/null || true
    sleep 5
  fi
  if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
    log "the Kafka broker (pid $BROKER_PID) outlived the stack; stopping it"
    kill -TERM "$BROKER_PID" 2>/dev/null || true
  fi
  POSTMASTER_PID=""
  BROKER_PID=""
}

# bench_token ROLE: a bearer token that the thread service of start_service accepts, signed with this data
# directory's development secret ($DATA/jwt-secret, made at first use) by ./threadline token's code.
bench_token() {
  THREADLINE_HOME="$DATA" java $JDK_FLAGS -Dthreadline.repo.root="$ROOT" -cp "$STACK_JAR:$(cat "$STACK_CLASSPATH_FILE")" \
    dev.threadline.localstack.ThreadlineToken --sub "bench-$1" --role "$1" --ttl 12h
}

# start_service DATABASE LOG [ENV=VALUE ...]: the thread service from its jar, as ServiceProcess runs it
# (java <JDK flags> -Xmx$SERVICE_HEAP -jar), against DATABASE, verifying bench_token's tokens; returns when
# /health/readiness is UP.
start_service() {
  local database="$1" logfile="$2"
  shift 2
  [[ -f "$DATA/jwt-secret" ]] || bench_token admin >/dev/null
  env KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" JDBC_URL="$JDBC_BASE/$database" JDBC_USER=postgres JDBC_PASSWORD=postgres \
    MICRONAUT_SERVER_PORT="$THREAD_SERVICE_PORT" THREADLINE_JWT_SECRET="$(cat "$DATA/jwt-secret")" "$@" \
    java $JDK_FLAGS -Xmx"${SERVICE_HEAP:-512m}" -jar "$SERVICE_JAR" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  SERVICE_STARTED_MS="$(date +%s%3N)"
  local i
  for i in $(seq 600); do
    curl -sf -m 2 "http://127.0.0.1:$THREAD_SERVICE_PORT/health/readiness" 2>/dev/null | grep -q '"UP"' && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$logfile" >&2; die "the thread service exited; see $logfile"; }
    sleep 0.2
  done
  die "the thread service did not report UP within 2 minutes; see $logfile"
}

# --- CPU accounting ----------------------------------------------------------------------------------------------

# ticks PID: utime + stime of one process (all threads); 0 if it is gone.
ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# PostgreSQL's CPU: the postmaster with the children it has reaped (cutime, cstime) and the living children.
postgres_ticks() {
  local total child
  total="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$POSTMASTER_PID/stat" 2>/dev/null || echo 0)"
  for child in $(ps -o pid= --ppid "$POSTMASTER_PID" 2>/dev/null); do
    total=$((total + $(ticks "$child")))
  done
  echo "$total"
}

machine_busy_ticks() {
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# cores TICKS SECONDS: average cores used.
cores() {
  awk -v t="$1" -v s="$2" -v h="$CLK_TCK" 'BEGIN { if (s > 0) printf "%.2f", t / h / s; else print "?" }'
}

# field LINE KEY: the value of key=value in a "threadline-..." line.
field() {
  sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<"$1"
}

psql_at() { # psql_at DATABASE SQL...: unaligned, tuples only
  local database="$1"
  shift
  psql -X -q -At -h 127.0.0.1 -p "$THREAD_PG_PORT" -U postgres -d "$database" -v ON_ERROR_STOP=1 "$@"
}

pg_settings_line() {
  grep '^setting ' "$OUT/stack.out" | sed 's/^setting //' | tr '\n' ' ' | sed 's/ $//'
}
