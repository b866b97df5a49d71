# shellcheck shell=bash
# The helpers of the benchmark scripts in bench/, in one place (sourced, not run): messages, the JDK, the build of the
# bench module and of Kafka's tools classpath, ports and processes, load and CPU accounting, and the thread-service
# benchmarks' stack (PostgreSQL and Kafka from ThreadBenchStack, the thread service from its jar).
#
# Expects ROOT (the repository), BENCH ($ROOT/bench), NAME (the script's name in its messages) and "set -euo pipefail";
# OUT (the results directory) before anything logs. Log lines go to $OUT/benchmark.log and to stdout, or to stderr when
# the script sets LOG_FD=2.

# --- messages ------------------------------------------------------------------------------------------------------

# The script's own header: its comment lines from line 2 to its "set -euo pipefail" (or -Eeuo).
usage() {
  sed -n '2,/^set -E\{0,1\}euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

log() {
  echo "$NAME $(date +%T): $*" | tee -a "$OUT/benchmark.log" >&"${LOG_FD:-1}"
}

die() {
  echo "$NAME: $*" >&2
  exit 1
}

# whole_numbers VALUE...: dies unless every VALUE is a whole number.
whole_numbers() {
  local number
  for number; do
    [[ "$number" =~ ^[0-9]+$ ]] || die "'$number' is not a whole number"
  done
}

# --- the JDK and the tools -----------------------------------------------------------------------------------------

# The parent POM's jdk25.flags: JDK 25 warns about native access and sun.misc.Unsafe from RocksDB, zstd and Netty.
JDK_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
# The local runtime's logback configuration (in local-stack's jar): what the bench programs log, and how.
BENCH_LOGBACK=-Dlogback.configurationFile=dev/threadline/localstack/threadline-up-logback.xml

# setup_java: JAVA_HOME is a JDK 25+ (the one ./threadline java-home finds, unless JAVA_HOME is a JDK already), with
# its bin first on PATH.
setup_java() {
  if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/jcmd" ]]; then
    JAVA_HOME="$("$ROOT/threadline" java-home)" || die "a JDK 25 is needed; set JAVA_HOME"
  fi
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])' || die "JAVA_HOME=$JAVA_HOME is not a JDK 25+"
}

# need_tools TOOL...: dies unless every TOOL is on PATH.
need_tools() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null && continue
    [[ "$tool" != psql ]] || die "psql is needed (apt-get install -y postgresql-client)"
    die "$tool is needed"
  done
}

# ensure_wrk: installs wrk (the Debian package) if it is missing.
ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
    fi
  fi
  need_tools wrk
}

# --- the build: the bench module and Kafka's tools -----------------------------------------------------------------

# The Maven Wrapper in the repository, offline first (the cache is usually warm), then online.
mvnw() {
  (cd "$ROOT" && ./mvnw -B -ntp -o -q "$@") || (cd "$ROOT" && ./mvnw -B -ntp -q "$@")
}

# The bench module's programs (bench/src/main/java) and their runtime classpath: the local runtime (local-stack,
# schemas, kafka-clients, PostgreSQL), picocli, logback. Written at package time by the module's pom.xml.
BENCH_JAR="$BENCH/target/bench.jar"
BENCH_CLASSPATH_FILE="$BENCH/target/runtime.classpath"
# Touched after each build of the bench module by these scripts (Maven leaves an up-to-date jar as it is).
BENCH_BUILT="$BENCH/target/bench.built"

# build_bench REBUILD [MODULE...]: ./mvnw -DskipTests -pl MODULE...,bench -am package when REBUILD is 1, when
# a MODULE's jar (MODULE/target/MODULE.jar) or the bench jar is missing, or when bench/pom.xml or a file under
# bench/src/main changed since the last such build (BENCH_BUILT). Then sets BENCH_CLASSPATH (the bench jar and its runtime classpath) and
# BENCH_JAVA, the start of a command line that runs one of the programs: "${BENCH_JAVA[@]}" [JVM options] MAIN_CLASS
# ARGS. BENCH_JAVA is an array, not a function, so that a program started with & is $! itself and SIGTERM reaches it.
# -DskipTests, not -Dmaven.test.skip: the services' test dependencies include test jars of this build, which a build
# that skips compiling tests does not make, so only a machine that had them installed before could build that way.
build_bench() {
  local stale="$1" modules=bench module
  shift
  for module; do
    modules="$module,$modules"
    [[ -f "$ROOT/$module/target/$module.jar" ]] || stale=1
  done
  [[ -f "$BENCH_JAR" && -s "$BENCH_CLASSPATH_FILE" && -f "$BENCH_BUILT" ]] || stale=1
  if ((!stale)) && [[ -n "$(find "$BENCH/pom.xml" "$BENCH/src/main" -newer "$BENCH_BUILT" -print -quit)" ]]; then
    stale=1
  fi
  if ((stale)); then
    log "building ${modules//,/, } (./mvnw -DskipTests -pl $modules -am package)"
    mvnw -DskipTests -pl "$modules" -am package || die "the build failed"
    touch "$BENCH_BUILT"
  fi
  BENCH_CLASSPATH="$BENCH_JAR:$(cat "$BENCH_CLASSPATH_FILE")"
  # That configuration logs to ${threadline.logs.dir}/threadline.log: bench/target/logs unless a script names its own
  # (a later -D wins); unset, logback wrote to a folder "threadline.logs.dir_IS_UNDEFINED" in the working directory.
  BENCH_JAVA=(java "${JDK_FLAGS[@]}" "$BENCH_LOGBACK" -Dthreadline.logs.dir="$BENCH/target/logs" -cp "$BENCH_CLASSPATH")
}

# Kafka's own ProducerPerformance, ConsumerPerformance and TopicCommand: org.apache.kafka:kafka-tools is not on the
# broker classpath that local-kafka writes (that has kafka-tools-api only), so bench/kafka-tools/pom.xml, a helper pom
# outside the build, resolves it once into this file.
KAFKA_TOOLS_CLASSPATH_FILE="$BENCH/target/kafka-tools.classpath"

# resolve_kafka_tools [LOG_FILE]: writes KAFKA_TOOLS_CLASSPATH_FILE unless it is there; Maven's output goes to
# LOG_FILE if given.
resolve_kafka_tools() {
  [[ ! -s "$KAFKA_TOOLS_CLASSPATH_FILE" ]] || return 0
  log "resolving the classpath of org.apache.kafka:kafka-tools (bench/kafka-tools/pom.xml)"
  mkdir -p "$BENCH/target"
  local resolve=(-f bench/kafka-tools/pom.xml dependency:build-classpath -Dmdep.includeScope=runtime
    -Dmdep.outputFile="$KAFKA_TOOLS_CLASSPATH_FILE")
  if [[ -n "${1:-}" ]]; then
    mvnw "${resolve[@]}" >>"$1" 2>&1 || die "cannot resolve kafka-tools; see $1"
  else
    mvnw "${resolve[@]}" || die "cannot resolve kafka-tools"
  fi
}

# kafka_tool MAIN_CLASS ARGS...: one of Kafka's tools on the resolved classpath.
kafka_tool() {
  java "${JDK_FLAGS[@]}" -Xmx512m -cp "$(cat "$KAFKA_TOOLS_CLASSPATH_FILE")" "$@"
}

# --- ports and processes -------------------------------------------------------------------------------------------

listening_pid() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

# await_output FILE REGEX PID SECONDS: waits until a line of FILE matches the extended REGEX (return 0), the process
# PID ends (1) or SECONDS pass (2), checking once a second.
await_output() {
  local file="$1" regex="$2" pid="$3" seconds="$4" _
  for _ in $(seq "$seconds"); do
    grep -qE "$regex" "$file" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 1
  done
  grep -qE "$regex" "$file" && return 0
  return 2
}

# stop_pid PID SECONDS: SIGTERM to PID if it runs, then waits up to SECONDS for it to end.
stop_pid() {
  local pid="$1" seconds="$2" _
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq "$seconds"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
}

# --- load and CPU --------------------------------------------------------------------------------------------------

CLK_TCK="$(getconf CLK_TCK)"

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# wait_load_under_one SECONDS: waits (checking every 5 s) at most SECONDS for the 1-minute load average to drop under
# 1.0: other builds and benchmarks on a 2-core machine skew every number.
wait_load_under_one() {
  local max="$1" waited=0
  while ((waited < max)) && awk '{exit !($1 >= 1.0)}' /proc/loadavg; do
    ((waited % 30 == 0)) && log "waiting for a quiet machine (load average $(load_average))"
    sleep 5
    waited=$((waited + 5))
  done
}

# ticks PID: utime + stime of one process (all threads); 0 if it is gone.
ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
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

# --- the thread-service benchmarks (thread-materialise.sh, thread-queries.sh) --------------------------------------

THREAD_PG_PORT="${THREAD_BENCH_PG_PORT:-15433}"
THREAD_KAFKA_PORT="${THREAD_BENCH_KAFKA_PORT:-19092}"
THREAD_CONTROLLER_PORT="${THREAD_BENCH_CONTROLLER_PORT:-19093}"
THREAD_SERVICE_PORT="${THREAD_BENCH_SERVICE_PORT:-18082}"
THREAD_SERVICE_JAR="$ROOT/thread-service/target/thread-service.jar"

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

# What is being measured: the commit and whether the working tree differs from it.
source_state() {
  if [[ -n "${THREAD_BENCH_SOURCE:-}" ]]; then
    echo "$THREAD_BENCH_SOURCE (jar built $(date -r "$THREAD_SERVICE_JAR" +'%F %T'))"
    return
  fi
  local commit dirty
  commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  dirty="$(git -C "$ROOT" status --porcelain -- thread-service 2>/dev/null | wc -l)"
  if ((dirty > 0)); then
    echo "$commit + $dirty uncommitted change(s) under thread-service/ (jar built $(date -r "$THREAD_SERVICE_JAR" +'%F %T'))"
  else
    echo "$commit (jar built $(date -r "$THREAD_SERVICE_JAR" +'%F %T'))"
  fi
}

machine_description() {
  local cpu memory
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "$(nproc) cores ($cpu), $memory RAM, $(uname -sr), disk $(df -h "$DATA" | awk 'NR == 2 { print $1 " " $2 }')"
}

STACK_PID=""
SERVICE_PID=""
POSTMASTER_PID=""
BROKER_PID=""

# start_thread_stack DATA_DIR WITH_KAFKA(0|1) [PG_SETTINGS...]: PostgreSQL (+ Kafka) from ThreadBenchStack, running
# until stop_thread_stack; PG settings are name=value. Sets POSTMASTER_PID, BROKER_PID, JDBC_BASE and BOOTSTRAP.
start_thread_stack() {
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
  log "starting PostgreSQL$( ((kafka)) && echo " and Kafka") (dev.threadline.bench.thread.ThreadBenchStack, data in $data)"
  "${BENCH_JAVA[@]}" -Xmx256m dev.threadline.bench.thread.ThreadBenchStack "${args[@]}" >"$OUT/stack.out" 2>&1 &
  STACK_PID=$!
  local started=0
  await_output "$OUT/stack.out" '^up$' "$STACK_PID" 240 || started=$?
  case "$started" in
    1) tail -30 "$OUT/stack.out" >&2; die "the stack did not start; see $OUT/stack.out" ;;
    2) die "the stack did not start within 4 minutes; see $OUT/stack.out" ;;
  esac
  POSTMASTER_PID="$(head -1 "$data/postgres/postmaster.pid")"
  if ((kafka)); then
    BROKER_PID="$(listening_pid "$THREAD_KAFKA_PORT")"
  fi
  JDBC_BASE="jdbc:postgresql://127.0.0.1:$THREAD_PG_PORT"
  BOOTSTRAP="127.0.0.1:$THREAD_KAFKA_PORT"
}

stop_thread_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    stop_pid "$SERVICE_PID" 30
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

stop_thread_stack() {
  local _
  stop_thread_service
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    log "stopping the stack (pid $STACK_PID)"
    stop_pid "$STACK_PID" 90
    kill -0 "$STACK_PID" 2>/dev/null && kill -KILL "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  STACK_PID=""
  # PostgreSQL finishes its fast shutdown (zonky's pg_ctl stop) on its own; whatever the stack left behind after
  # that (it was killed, say) goes by its own pid, never by name.
  for _ in $(seq 30); do
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

# bench_token ROLE: a bearer token that the thread service of start_thread_service accepts, signed with this data
# directory's development secret ($DATA/jwt-secret, made at first use) by ./threadline token's code.
bench_token() {
  THREADLINE_HOME="$DATA" java "${JDK_FLAGS[@]}" -Dthreadline.repo.root="$ROOT" -cp "$BENCH_CLASSPATH" \
    dev.threadline.localstack.ThreadlineToken --sub "bench-$1" --role "$1" --ttl 12h
}

# start_thread_service DATABASE LOG [ENV=VALUE ...]: the thread service from its jar, as ServiceProcess runs it
# (java <JDK flags> -Xmx$SERVICE_HEAP -jar), against DATABASE, verifying bench_token's tokens; returns when
# /health/readiness is UP.
start_thread_service() {
  local database="$1" logfile="$2"
  shift 2
  [[ -f "$DATA/jwt-secret" ]] || bench_token admin >/dev/null
  env KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" JDBC_URL="$JDBC_BASE/$database" JDBC_USER=postgres JDBC_PASSWORD=postgres \
    MICRONAUT_SERVER_PORT="$THREAD_SERVICE_PORT" THREADLINE_JWT_SECRET="$(cat "$DATA/jwt-secret")" "$@" \
    java "${JDK_FLAGS[@]}" -Xmx"${SERVICE_HEAP:-512m}" -jar "$THREAD_SERVICE_JAR" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  # shellcheck disable=SC2034 # (the scripts' timings start here)
  SERVICE_STARTED_MS="$(date +%s%3N)"
  local _
  for _ in $(seq 600); do
    curl -sf -m 2 "http://127.0.0.1:$THREAD_SERVICE_PORT/health/readiness" 2>/dev/null | grep -q '"UP"' && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$logfile" >&2; die "the thread service exited; see $logfile"; }
    sleep 0.2
  done
  die "the thread service did not report UP within 2 minutes; see $logfile"
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

psql_at() { # psql_at DATABASE SQL...: unaligned, tuples only
  local database="$1"
  shift
  psql -X -q -At -h 127.0.0.1 -p "$THREAD_PG_PORT" -U postgres -d "$database" -v ON_ERROR_STOP=1 "$@"
}

pg_settings_line() {
  grep '^setting ' "$OUT/stack.out" | sed 's/^setting //' | tr '\n' ' ' | sed 's/ $//'
}
