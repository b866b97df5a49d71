# Where the CPU samples of a JFR recording go, by thread and by layer of the ingest service.
#
#   jfr print --events jdk.ExecutionSample --stack-depth 128 ingest.jfr | awk -f bench/jfr-breakdown.awk
#
# "inclusive" counts a sample once for every layer with a frame on its stack (so the column adds up to more than
# 100 %); "self" counts it for the layer of its top frame only. Layers are matched by package, first match wins
# for "self"; stacks deeper than --stack-depth are cut, so the outermost layers may be undercounted.

function layer(frame) {
  if (frame ~ /^dev\.threadline\./) return "Threadline code (dev.threadline)"
  if (frame ~ /^org\.apache\.avro\./) return "Avro encoding (org.apache.avro)"
  if (frame ~ /^org\.apache\.kafka\./) return "Kafka client (org.apache.kafka)"
  if (frame ~ /^(io\.micronaut\.serde|com\.fasterxml\.jackson)\./) return "JSON (micronaut-serde, jackson)"
  if (frame ~ /^(io\.micronaut\.validation|jakarta\.validation)\./) return "Bean validation (micronaut-validation)"
  if (frame ~ /^io\.micronaut\./) return "Micronaut HTTP server, routing, DI (io.micronaut)"
  if (frame ~ /^io\.netty\./) return "Netty (io.netty)"
  if (frame ~ /^(org\.postgresql|com\.zaxxer|io\.micronaut\.data)\./) return "JDBC (PostgreSQL)"
  if (frame ~ /^jdk\.jfr\./) return "JFR itself (jdk.jfr)"
  if (frame ~ /^(java|javax|jdk|sun|com\.sun)\./) return "JDK (java.*, jdk.*, sun.*)"
  return "other libraries"
}

function thread_group(name) {
  if (name ~ /eventLoop|nioEventLoop|epoll/) return "HTTP event loops (Netty)"
  if (name ~ /kafka-producer-network-thread/) return "Kafka producer I/O threads"
  if (name ~ /event-publisher/) return "event publisher threads (transactions)"
  if (name ~ /ForkJoinPool|pool-|executor|io-executor/) return "executor pools"
  return "other threads"
}

function finish_event(   l) {
  if (!in_event) return
  total++
  threads[thread_group(thread)]++
  if (top != "") self[layer(top)]++
  for (l in seen) inclusive[l]++
  delete seen
  in_event = 0
}

/^jdk\.ExecutionSample \{/ { finish_event(); in_event = 1; top = ""; thread = ""; in_stack = 0; next }
in_event && /sampledThread = / { thread = $0; sub(/^[^"]*"/, "", thread); sub(/".*$/, "", thread); next }
in_event && /stackTrace = \[/ { in_stack = 1; next }
in_event && in_stack && /^ *\]/ { in_stack = 0; next }
in_event && in_stack {
  frame = $0
  sub(/^ +/, "", frame)
  if (frame == "...") next
  if (top == "") top = frame
  seen[layer(frame)] = 1
  next
}
END {
  finish_event()
  if (total == 0) { print "no jdk.ExecutionSample events"; exit }
  printf "%d execution samples\n\nsamples  thread group\n", total
  for (t in threads) printf "%6.1f%%  %s\n", 100 * threads[t] / total, t | "sort -nr"
  close("sort -nr")
  printf "\ninclusive   self  layer\n"
  # Every stack ends in JDK frames (Thread.run), so only the JDK's self share means something.
  for (l in inclusive) {
    if (l ~ /^JDK/) printf "%8s  %5.1f%%  %s\n", "-", 100 * self[l] / total, l | "sort -k2 -nr"
    else printf "%8.1f%% %5.1f%%  %s\n", 100 * inclusive[l] / total, 100 * self[l] / total, l | "sort -k2 -nr"
  }
  close("sort -k2 -nr")
}
