package dev.threadline.bench;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The stats-streams benchmark's helpers, run by {@code bench/stats-benchmark.sh} on the local runtime's classpath:
 *
 * <pre>
 * StatsBench broker --data DIR --kafka-port P --controller-port P   one broker (kafka-server-start.sh JVM options), the topics; until SIGTERM
 * StatsBench load --bootstrap B --events N --seed S                 generated conversations onto conversation-events
 * StatsBench watch --bootstrap B --application-id A --timeout-s T [--pid PID] [--no-repartition]
 *                                                                    how fast the application's consumer group gets through them
 * StatsBench floor --bootstrap B --application-id A --state-dir D --work read|count|sentiment
 *                                                                    Kafka Streams doing the least a stats design must ({@link StreamsFloor})
 * </pre>
 *
 * The load is a support desk's day: each conversation starts, gets about ten messages (users and agents, now and then an
 * assistant) of 40–200 characters, and moves to pending or resolved, some reopened and resolved again; a fifth of them
 * belong to one of ten tenants. Conversations start evenly over two hours (ending an hour ago) and their events are
 * produced in event-time order, as they would reach the ingest service, so thousands are in flight at once.
 */
@Command(name = "StatsBench", sortOptions = false, subcommands = {StatsBench.Broker.class, StatsBench.Load.class,
        StatsBench.Watch.class, StatsBench.Forget.class, StreamsFloor.class}, description = "The Java side of bench/stats-benchmark.sh.")
public final class StatsBench implements Runnable {

    private static final List<String> TEXTS = List.of(
            "Hi, my parcel never arrived and the tracking page has not changed for a week.",
            "Thanks for reaching out! I am sorry about the delay, let me check that for you right away.",
            "This is the third time I write about this. Honestly, I am really disappointed.",
            "I found it: the carrier lost the package. We will send a replacement today, free of charge.",
            "Great, thank you so much, that is very helpful :)",
            "Could you confirm the delivery address? It looks like the postcode is missing a digit.",
            "The app keeps crashing when I open the settings page, it is terrible.",
            "We have released a fix in version 4.2.1, please update and let us know if it works.",
            "It works now. Perfect, you saved my day!",
            "I want a refund, the product was broken when it arrived and nobody answers my emails.",
            "Your refund has been approved and will reach your account within five business days.",
            "ok",
            "Is there anything else I can help you with?",
            "No, that is all. Have a nice weekend!",
            "The invoice shows the wrong VAT number, can you issue a corrected one please?",
            "Assistant summary: the customer asks about an invoice correction; an agent will follow up.");

    @Spec
    CommandSpec spec;

    @Mixin
    Cli.Help help;

    public static void main(String[] args) {
        Cli.run(new StatsBench(), args);
    }

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    @Command(name = "broker", sortOptions = false,
            description = "One Kafka broker (kafka-server-start.sh JVM options) and the registry's topics; prints \"up "
                    + "BOOTSTRAP\" and runs until SIGTERM.")
    static final class Broker implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Option(names = "--data", paramLabel = "DIR", required = true, description = "broker data (DIR/kafka) and DIR/kafka.log")
        Path data;

        @Option(names = "--kafka-port", paramLabel = "P", required = true, description = "the broker's client port")
        int kafkaPort;

        @Option(names = "--controller-port", paramLabel = "P", required = true, description = "the broker's controller port")
        int controllerPort;

        @Override
        public Integer call() throws InterruptedException {
            return broker(data.toAbsolutePath(), kafkaPort, controllerPort);
        }
    }

    @Command(name = "load", sortOptions = false,
            description = "Generated conversations (a support desk's day) onto conversation-events, in event-time order.")
    static final class Load implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--events", paramLabel = "N", required = true, description = "events to produce")
        int events;

        @Option(names = "--seed", paramLabel = "S", required = true, description = "random seed of the conversations")
        long seed;

        @Override
        public Integer call() throws Exception {
            load(bootstrap, events, seed);
            return 0;
        }
    }

    @Command(name = "watch", sortOptions = false,
            description = "Follows the application's consumer group until it has processed conversation-events and its "
                + "repartition topics; prints \"RESULT events=.. source_rate=.. total_rate=.. steady_rate=..\" "
                + "(exit 1 at the time limit).")
    static final class Watch implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--application-id", paramLabel = "ID", required = true,
                description = "the Kafka Streams application id (its consumer group)")
        String applicationId;

        @Option(names = "--timeout-s", paramLabel = "SEC", required = true, description = "longest wait, in seconds")
        int timeoutSeconds;

        @Option(names = "--events", paramLabel = "N", defaultValue = "-1",
                description = "the events on conversation-events, for the rates (default: its end offsets, which also count"
                        + " the transactions' commit markers)")
        long events;

        @Option(names = "--pid", paramLabel = "PID", defaultValue = "-1",
                description = "the application's process, for its CPU time per event (default: none)")
        long pid;

        @Option(names = "--no-repartition", description = "the application has no repartition topics (StatsBench floor):"
                + " do not wait for them to appear")
        boolean noRepartition;

        @Override
        public Integer call() throws Exception {
            return watch(bootstrap, applicationId, timeoutSeconds, pid, events, !noRepartition);
        }
    }

    @Command(name = "forget", sortOptions = false,
            description = "Deletes a stopped Kafka Streams application's internal topics and consumer group.")
    static final class Forget implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--application-id", paramLabel = "ID", required = true, description = "the application id")
        String applicationId;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                // Kafka Streams names its internal topics <application id>-<name>-changelog / -repartition.
                List<String> internal = admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith(applicationId + "-")).toList();
                admin.deleteTopics(internal).all().get();
                admin.deleteConsumerGroups(List.of(applicationId)).all().get();
                System.out.println("deleted " + internal.size() + " topics and the consumer group of " + applicationId);
            }
            return 0;
        }
    }

    private static volatile boolean stopping;

    private static int broker(Path dataDir, int kafkaPort, int controllerPort) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true));
        KafkaBrokerProcess kafka = BenchBroker.start(dataDir, kafkaPort, controllerPort, dataDir.resolve("kafka.log")).process();
        System.out.println("up " + kafka.bootstrapServers());
        while (kafka.isRunning()) {
            Thread.sleep(1_000);
        }
        if (!stopping) {
            System.out.println("failed: the broker stopped; see " + dataDir.resolve("kafka.log"));
            return 1;
        }
        return 0;
    }

    /** One conversation's events, generated lazily. */
    private static final class Script {
        final String id = UUID.randomUUID().toString();
        final String tenant;
        final List<ConversationEvent> events = new ArrayList<>(16);
        int next;

        Script(Random random, long start) {
            tenant = random.nextInt(5) == 0 ? "tenant-" + random.nextInt(10) : null;
            long time = start;
            events.add(event(time, new Actor("customer", Role.user), ConversationStarted.newBuilder()
                    .setKind(ConversationKind.values()[random.nextInt(4)]).setPriority(Priority.values()[random.nextInt(4)])
                    .setStatus(ConversationStatus.open).build()));
            int messages = 6 + random.nextInt(9);
            boolean assisted = random.nextInt(10) == 0;
            for (int i = 0; i < messages; i++) {
                time += 10_000 + random.nextInt(290_000);
                Role role = i % 2 == 0 ? Role.user : assisted && i == 1 ? Role.assistant : random.nextInt(5) == 0 ? Role.admin : Role.agent;
                events.add(event(time, new Actor(role.name() + "-1", role), MessagePosted.newBuilder()
                        .setMessageId(UUID.randomUUID().toString()).setSenderId(role.name() + "-1").setSenderRole(role)
                        .setContent(TEXTS.get(random.nextInt(TEXTS.size()))).build()));
            }
            time += 60_000;
            if (random.nextInt(10) < 3) {
                events.add(event(time, new Actor("agent-1", Role.agent), new StatusChanged(ConversationStatus.pending, null)));
            } else {
                events.add(event(time, new Actor("agent-1", Role.agent), new StatusChanged(ConversationStatus.resolved, null)));
                if (random.nextInt(7) == 0) {
                    events.add(event(time + 120_000, new Actor("customer", Role.user), new StatusChanged(ConversationStatus.open, null)));
                    events.add(event(time + 600_000, new Actor("agent-1", Role.agent), new StatusChanged(ConversationStatus.resolved, null)));
                }
            }
        }

        private ConversationEvent event(long time, Actor actor, Object payload) {
            return ConversationEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(id)
                    .setOccurredAt(Instant.ofEpochMilli(time)).setIngestedAt(Instant.ofEpochMilli(time)).setActor(actor)
                    .setSource("stats-bench").setTenant(tenant).setPayload(payload).build();
        }
    }

    /** Events per transaction of the loader: about what one of ingest's group commits holds under batch load. */
    private static final int LOAD_TRANSACTION_EVENTS = 500;

    private static void load(String bootstrap, int total, long seed) throws Exception {
        Random random = new Random(seed);
        var topic = Topics.CONVERSATION_EVENTS;
        long span = 2 * 3_600_000L;
        long from = System.currentTimeMillis() - span - 3_600_000L;
        int conversations = Math.max(1, total / 12);
        // Events leave in event-time order, as they reach the ingest service: the conversation whose next event is
        // the earliest goes next; a new conversation starts every span / conversations.
        java.util.PriorityQueue<Script> inFlight = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingLong(script -> script.events.get(script.next).getOccurredAt().toEpochMilli()));
        int started = 0;
        int produced = 0;
        long bytes = 0;
        long began = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65_536,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stats-bench-loader-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            // In transactions, as the ingest service publishes: the topic holds commit markers as in production, and
            // the broker's transaction paths are as warm as a broker's that serves ingest.
            producer.initTransactions();
            producer.beginTransaction();
            while (produced < total) {
                long nextStart = from + started * span / conversations;
                Script next = inFlight.peek();
                if (next == null || nextStart <= next.events.get(next.next).getOccurredAt().toEpochMilli()) {
                    inFlight.add(new Script(random, nextStart));
                    started++;
                    continue;
                }
                inFlight.poll();
                ConversationEvent event = next.events.get(next.next++);
                byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic.name(), next.id, value));
                produced++;
                if (produced % LOAD_TRANSACTION_EVENTS == 0) {
                    producer.commitTransaction();
                    producer.beginTransaction();
                }
                if (next.next < next.events.size()) {
                    inFlight.add(next);
                }
            }
            producer.commitTransaction();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("loaded %d events of %d conversations (%d still open at the end), %.1f MB of values, mean %d bytes,"
                + " in %.1f s%n", produced, started, inFlight.size(), bytes / 1e6, bytes / Math.max(1, produced), seconds);
    }

    /**
     * Follows the committed offsets of the application's consumer group on conversation-events and on its repartition
     * topics until it has processed everything, then prints when it started moving, when the source was consumed and
     * when the repartitioned work was done, and the rates.
     */
    private static int watch(String bootstrap, String applicationId, int timeoutSeconds, long pid, long events,
                             boolean repartitioned) throws Exception {
        ProcessHandle stats = pid > 0 ? ProcessHandle.of(pid).orElse(null) : null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String source = Topics.CONVERSATION_EVENTS.name();
            Set<String> repartition = repartitioned ? repartitionTopics(admin, applicationId) : Set.of();
            long sourceEnd = -1;
            long began = System.nanoTime();
            long firstMove = -1;
            long sourceDone = -1;
            long lastCommitted = -1;
            long lastMove = began;
            List<long[]> samples = new ArrayList<>();
            while (System.nanoTime() - began < timeoutSeconds * 1_000_000_000L) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> ends = endOffsets(admin, committed.keySet().stream()
                        .filter(tp -> tp.topic().equals(source) || repartition.contains(tp.topic())).collect(Collectors.toSet()), source, admin);
                if (sourceEnd < 0) {
                    sourceEnd = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(source)).mapToLong(Map.Entry::getValue).sum();
                }
                long sourceCommitted = sum(committed, source);
                long now = System.nanoTime();
                if (firstMove < 0 && sourceCommitted > 0) {
                    firstMove = now;
                    System.out.printf("t=%.1fs the application committed its first offsets%n", (now - began) / 1e9);
                }
                if (firstMove >= 0) {
                    long cpu = cpuNanos(stats);
                    if (!samples.isEmpty()) {
                        // The timeline: where the source's committed offsets (events and commit markers) stand.
                        long[] previous = samples.getLast();
                        double seconds = (now - previous[0]) / 1e9;
                        System.out.printf("t=%.1fs (%s) committed offsets %d (+%d, %.0f/s), stats-streams %.2f cores,"
                                        + " partitions done %d of %d%n", (now - began) / 1e9,
                                LocalTime.now().truncatedTo(ChronoUnit.MILLIS), sourceCommitted, sourceCommitted - previous[1],
                                (sourceCommitted - previous[1]) / seconds, cpu < 0 ? Double.NaN : (cpu - previous[2]) / 1e9 / seconds,
                                donePartitions(committed, ends, source), Topics.CONVERSATION_EVENTS.partitions());
                    }
                    samples.add(new long[] {now, sourceCommitted, cpu, System.currentTimeMillis()});
                }
                if (sourceDone < 0 && sourceCommitted >= sourceEnd && sourceEnd > 0) {
                    sourceDone = now;
                    System.out.printf("t=%.1fs conversation-events consumed: %d events%n", (now - began) / 1e9, sourceCommitted);
                }
                // A transactional partition ends with a commit marker the group's offset may stay in front of.
                long repartitionCommitted = repartition.stream().mapToLong(topic -> sum(committed, topic)).sum();
                boolean caughtUp = sourceDone >= 0 && repartition.stream().allMatch(topic -> {
                    long end = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
                    long markers = ends.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
                    return end > 0 && sum(committed, topic) >= end - markers;
                });
                if (caughtUp && repartition.isEmpty()) {
                    report(sourceEnd, events < 0 ? sourceEnd : events, began, firstMove, sourceDone, sourceDone, samples);
                    return 0;
                }
                if (caughtUp && repartitionCommitted == lastCommitted) {
                    report(sourceEnd, events < 0 ? sourceEnd : events, began, firstMove, sourceDone, lastMove, samples);
                    return 0;
                }
                if (repartitionCommitted != lastCommitted) {
                    lastCommitted = repartitionCommitted;
                    lastMove = now;
                }
                Thread.sleep(500);
            }
            System.out.println("timeout: the application did not finish within " + timeoutSeconds + " s");
            return 1;
        }
    }

    /** The application's repartition topics, as Kafka Streams names them: {@code <application id>-<name>-repartition}. */
    private static Set<String> repartitionTopics(Admin admin, String applicationId) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition"))
                    .collect(Collectors.toSet());
            if (!topics.isEmpty() || System.nanoTime() > deadline) {
                Thread.sleep(1_000); // the application creates its internal topics in one go; give the last ones a moment
                topics.addAll(admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition")).toList());
                System.out.println("repartition topics: " + topics);
                return topics;
            }
            Thread.sleep(500);
        }
    }

    /**
     * @param offsets the source's end offsets summed: the events and the commit markers between them
     * @param events  the events alone; the offsets of a stretch are scaled by {@code events / offsets}
     */
    private static void report(long offsets, long events, long began, long firstMove, long sourceDone, long done, List<long[]> samples) {
        double total = (done - firstMove) / 1e9;
        double source = (sourceDone - firstMove) / 1e9;
        double eventsPerOffset = (double) events / offsets;
        // Steady state: the middle of the run, between 10 % and 90 % of the source consumed.
        long[] low = samples.stream().filter(s -> s[1] >= offsets / 10).findFirst().orElse(samples.getFirst());
        long[] high = samples.stream().filter(s -> s[1] >= offsets * 9 / 10).findFirst().orElse(samples.getLast());
        double steady = high[0] > low[0] ? (high[1] - low[1]) * eventsPerOffset / ((high[0] - low[0]) / 1e9) : Double.NaN;
        // CPU of the stats-streams process per event in the same stretch: startup and JIT warm-up left out.
        long stretchEvents = Math.round((high[1] - low[1]) * eventsPerOffset);
        double steadyCpu = high[2] >= 0 && low[2] >= 0 && stretchEvents > 0 ? (high[2] - low[2]) / 1e3 / stretchEvents : Double.NaN;
        System.out.printf("t=%.1fs repartitioned work done%n", (done - began) / 1e9);
        System.out.printf("steady stretch: %d events in %.1f s, stats-streams CPU %.1f s (epoch ms %d to %d)%n", stretchEvents,
                (high[0] - low[0]) / 1e9, (high[2] - low[2]) / 1e9, low[3], high[3]);
        System.out.printf("RESULT events=%d source_seconds=%.2f source_rate=%.0f total_seconds=%.2f total_rate=%.0f steady_rate=%.0f"
                + " steady_cpu_us_per_event=%.1f%n",
                events, source, events / source, total, events / total, steady, steadyCpu);
    }

    /** Total CPU time of a process so far, in nanoseconds; -1 if unknown. */
    private static long cpuNanos(ProcessHandle process) {
        return process == null ? -1 : process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<TopicPartition> partitions, String source, Admin unused)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        for (int p = 0; p < Topics.CONVERSATION_EVENTS.partitions(); p++) {
            request.put(new TopicPartition(source, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Source partitions whose committed offset reached their end (a commit marker may stay in front of it). */
    private static long donePartitions(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends, String source) {
        return ends.entrySet().stream().filter(e -> e.getKey().topic().equals(source)).filter(e -> {
            OffsetAndMetadata position = committed.get(e.getKey());
            return position != null && position.offset() >= e.getValue() - 1;
        }).count();
    }

    private static long sum(Map<TopicPartition, OffsetAndMetadata> committed, String topic) {
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
