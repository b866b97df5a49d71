package dev.threadline.bench.thread;

import dev.threadline.bench.Cli;
import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.schemas.topics.Topics;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Java side of bench/thread-materialise.sh and bench/thread-queries.sh: one deterministic workload (a seed gives the same conversations and
 * messages every time) and the programs that use it.
 *
 * <pre>
 * ThreadBench produce  --bootstrap B --conversations C --messages N [--seed S] [--content 100-200] [--updates F]
 *     ConversationStarted of C conversations, then N MessagePosted, into conversation-events, as fast as a producer goes.
 *     With --updates F (0 to 0.9), a share F of all events after the starts are status changes (cycling pending,
 *     resolved, open) and read receipts (the conversation's user, up to its newest message), half each, placed before
 *     messages of the same conversation: the kinds of event a live desk mixes into its messages.
 * ThreadBench await    --jdbc URL --bootstrap B [--group thread-service] [--timeout-s T] [--startup-s U] [--stall-s S]
 *                      [--progress FILE]
 *     Polls the read model's stored offsets (consumer_offsets of the group) until they reach the topic's end offsets, or for
 *     at most T seconds after the first applied batch (exit 2), waiting at most U seconds for that batch (exit 1); prints
 *     "threadline-await key=value ..." with epoch millis of the first and last applied batch and the 10 %/90 % marks.
 * ThreadBench anchors  --jdbc URL --conversations C --messages N [--seed S] [--batch 500] [--baseline-clients 1,8]
 *                      [--baseline-seconds 30] [--limit-variants copy,insert,search]
 *     The same N message rows (a) with binary COPY and with multi-row INSERT ... VALUES batches into a plain copy of
 *     messages, and their tsvectors into a copy of message_search (the limits),
 *     (b) one transaction per message: INSERT it, UPDATE its conversation's count and last_message_at (the baseline).
 * ThreadBench plans    --jdbc URL --conversation ID --participant ID [--participant2 ID]
 *     EXPLAIN (ANALYZE, BUFFERS) of the read statements behind GET /v1/conversations/{id}/messages?limit=50 and
 *     GET /v1/conversations?participant=..&limit=50 (read from the service's jar), as a custom and as a generic plan.
 * ThreadBench explain  --jdbc URL --conversations C --messages N [--seed S] --batch B [--repeat R]
 *     EXPLAIN ANALYZE of the thread service's own run insert (MessageBulkWriter.INSERT_RUN, read from its jar) on the
 *     next B messages of the workload, rolled back, and its median time over R executions.
 * </pre>
 * The database options ({@code --jdbc}, {@code --user}, {@code --password}) and the workload's ({@code --conversations},
 * {@code --messages}, {@code --seed}, {@code --content}) are those of {@link Database} and {@link WorkloadOptions}.
 */
@Command(name = "ThreadBench", sortOptions = false,
        subcommands = {ThreadBench.Produce.class, ThreadBench.Await.class, ThreadBench.Anchors.class, ThreadBench.Plans.class,
                ThreadBench.Explain.class},
        description = "The Java side of bench/thread-materialise.sh and bench/thread-queries.sh (COMMAND --help: its options).")
public final class ThreadBench implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    Cli.Help help;

    public static void main(String[] args) {
        Cli.run(new ThreadBench(), args);
    }

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    // --- the command line --------------------------------------------------------------------------------------

    /** The read model's database. */
    static final class Database {
        @Option(names = "--jdbc", paramLabel = "URL", defaultValue = "jdbc:postgresql://127.0.0.1:15433/threadline",
                description = "the thread service's database (default: ${DEFAULT-VALUE})")
        String jdbc;

        @Option(names = "--user", defaultValue = "postgres", description = "database user (default: ${DEFAULT-VALUE})")
        String user;

        @Option(names = "--password", defaultValue = "postgres", description = "its password (default: ${DEFAULT-VALUE})")
        String password;

        Connection connect() throws SQLException {
            Connection connection = DriverManager.getConnection(jdbc, user, password);
            connection.setAutoCommit(false);
            return connection;
        }
    }

    /** The workload: the same seed and sizes give the same conversations and messages. */
    static final class WorkloadOptions {
        @Option(names = "--conversations", paramLabel = "C", defaultValue = "10000",
                description = "conversations, each started before its messages (default: ${DEFAULT-VALUE})")
        int conversations;

        @Option(names = "--messages", paramLabel = "N", defaultValue = "1000000",
                description = "MessagePosted events (default: ${DEFAULT-VALUE})")
        long messages;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "20261122", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--content", paramLabel = "MIN-MAX", defaultValue = "100-200", converter = Cli.RangeConverter.class,
                description = "message content length in bytes (default: ${DEFAULT-VALUE})")
        Cli.Range content;

        Workload workload() {
            return new Workload(conversations, messages, seed, content.min(), content.max());
        }
    }

    @Command(name = "produce", sortOptions = false,
            description = "ConversationStarted of C conversations, then N MessagePosted, into conversation-events, as fast "
                + "as a producer goes; prints \"threadline-produce conversations=.. messages=.. events=.. "
                + "events_per_s=..\".")
    static final class Produce implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Cli.Help help;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
        String bootstrap;

        @Mixin
        WorkloadOptions workload;

        @Option(names = "--updates", paramLabel = "F", defaultValue = "0",
                description = "share (0 to 0.9) of status changes and read receipts among the events after the starts, placed "
                + "before messages of their conversation (default: ${DEFAULT-VALUE})")
        double updates;

        @Override
        public Integer call() throws Exception {
            if (updates < 0 || updates > 0.9) {
                throw new ParameterException(spec.commandLine(), "--updates must be between 0 and 0.9");
            }
            produce(this);
            return 0;
        }
    }

    @Command(name = "await", sortOptions = false,
            description = "Polls the read model's stored offsets until they reach the topic's end offsets; prints "
                + "\"threadline-await key=value ..\". Exit 1: no batch applied within --startup-s; exit 2: stopped "
                + "at --timeout-s (or --stall-s without progress) while applying, which is a result.")
    static final class Await implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Mixin
        Database database;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
        String bootstrap;

        @Option(names = "--group", defaultValue = "thread-service",
                description = "the read model's consumer group (default: ${DEFAULT-VALUE})")
        String group;

        @Option(names = "--timeout-s", paramLabel = "T", defaultValue = "1800",
                description = "longest run from the first applied batch, seconds (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        @Option(names = "--startup-s", paramLabel = "U", defaultValue = "300",
                description = "longest wait for the first applied batch, seconds (default: ${DEFAULT-VALUE})")
        long startupSeconds;

        @Option(names = "--stall-s", paramLabel = "S", defaultValue = "120",
                description = "longest time without progress, seconds (default: ${DEFAULT-VALUE})")
        long stallSeconds;

        @Option(names = "--progress", paramLabel = "FILE", description = "epoch_ms,applied_events CSV of every change (default: none)")
        Path progress;

        @Override
        public Integer call() throws Exception {
            return await(this);
        }
    }

    @Command(name = "anchors", sortOptions = false,
            description = "The same N message rows (a) with binary COPY and multi-row INSERT into a copy of messages, and "
                + "their tsvectors into a copy of message_search (the limits: \"threadline-limit ..\"), (b) one "
                + "transaction per message, INSERT and UPDATE of its conversation (the baseline: "
                + "\"threadline-baseline ..\").")
    static final class Anchors implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Mixin
        Database database;

        @Mixin
        WorkloadOptions workload;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "500",
                description = "rows per statement of the limits (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--limit-variants", paramLabel = "LIST", defaultValue = "copy,insert,search",
                description = "limit variants, comma-separated; empty: none (default: ${DEFAULT-VALUE})")
        String limitVariants;

        @Option(names = "--baseline-clients", paramLabel = "LIST", defaultValue = "1,8",
                description = "connections of each baseline run, comma-separated; empty: no baseline (default: ${DEFAULT-VALUE})")
        String baselineClients;

        @Option(names = "--baseline-seconds", paramLabel = "SEC", defaultValue = "30",
                description = "length of each baseline run (default: ${DEFAULT-VALUE})")
        long baselineSeconds;

        @Override
        public Integer call() throws Exception {
            anchors(this);
            return 0;
        }
    }

    @Command(name = "plans", sortOptions = false,
            description = "EXPLAIN (ANALYZE, BUFFERS) of the read statements behind GET "
                + "/v1/conversations/{id}/messages?limit=50 and GET /v1/conversations?participant=..&limit=50 "
                + "(read from the service's jar, which must be on the classpath), as a custom and as a generic "
                + "plan.")
    static final class Plans implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Mixin
        Database database;

        @Option(names = "--conversation", paramLabel = "ID", description = "a conversation with a full page of messages")
        String conversation;

        @Option(names = "--participant", paramLabel = "ID", description = "a participant with a full page of conversations")
        String participant;

        @Option(names = "--participant2", paramLabel = "ID", description = "a second participant")
        String participant2;

        @Override
        public Integer call() throws Exception {
            plans(this);
            return 0;
        }
    }

    @Command(name = "explain", sortOptions = false,
            description = "EXPLAIN ANALYZE of the thread service's run insert (MessageBulkWriter.INSERT_RUN, read from its "
                + "jar, which must be on the classpath) on the next --batch messages of the workload, rolled back, "
                + "and its median time over --repeat executions (\"threadline-explain ..\").")
    static final class Explain implements Callable<Integer> {
        @Mixin
        Cli.Help help;

        @Mixin
        Database database;

        @Mixin
        WorkloadOptions workload;

        @Option(names = "--batch", paramLabel = "B", defaultValue = "2000",
                description = "messages in the explained batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--repeat", paramLabel = "R", defaultValue = "5", description = "timed executions (default: ${DEFAULT-VALUE})")
        int repeat;

        @Override
        public Integer call() throws Exception {
            explain(this);
            return 0;
        }
    }

    // --- the workload ------------------------------------------------------------------------------------------

    static final String[] WORDS = ("parcel delivery refund order tracking invoice account password reset payment card "
            + "declined shipping address warehouse courier weekend tomorrow please thanks hello agent customer ticket "
            + "update status pending resolved urgent billing subscription cancel renewal discount voucher checkout "
            + "basket damaged missing return label printer booking apartment keys host guest model context summary "
            + "scene character quest tavern dragon answer question again today arrived broken late wrong charged twice "
            + "still waiting since monday friday morning evening could would should you me our your their when where "
            + "why how what which the a an and or but not never always sometimes new old small large blue black white "
            + "phone email chat call back later soon now help problem issue error login app website page screen "
            + "button click open close settings profile photo upload download file document receipt price total "
            + "amount euro dollar bank transfer account number code confirmation reference week month year time "
            + "minutes hours days order number item items box package sender receiver door neighbour building floor "
            + "street city country travel flight hotel room night check out stay dates guests children pets kitchen "
            + "wifi parking breakfast towels clean cleaning noise heating water shower light window").split(" ");

    /** One conversation of the workload. */
    record Conversation(String id, ConversationKind kind, String user, String responder, Role responderRole,
                        List<Participant> participants, Instant startedAt) {
    }

    /** One posted message of the workload, with the seq the service will give it. */
    record Message(String eventId, String id, int conversation, long seq, String senderId, Role role, String content,
                   Integer tokens, String model, Instant at, Instant ingestedAt) {
    }

    /**
     * The workload: conversations started 100 ms apart, then messages 10 ms apart to uniformly random conversations.
     * 60 % support (a user and one of 1,000 agents, a third also an admin), 20 % direct (two or three of 100,000
     * users), 20 % AI chats (a user and the assistant, which reports tokens). Messages: 2 % system, the rest split
     * between the user and the other side; 100-200 bytes of words. Ids are UUIDv7 like the ingest service's.
     */
    static final class Workload {
        static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

        final Conversation[] conversations;
        final long messages;
        final int contentMin;
        final int contentMax;
        private final SplittableRandom random;
        private final long[] seqs;
        private final Instant messagesStart;
        private long next;

        Workload(int conversations, long messages, long seed, int contentMin, int contentMax) {
            this.messages = messages;
            this.contentMin = contentMin;
            this.contentMax = contentMax;
            this.random = new SplittableRandom(seed);
            this.conversations = new Conversation[conversations];
            this.seqs = new long[conversations];
            for (int c = 0; c < conversations; c++) {
                this.conversations[c] = conversation(c);
            }
            this.messagesStart = BASE.plusMillis(100L * conversations + 1_000);
        }

        private Conversation conversation(int c) {
            Instant at = BASE.plusMillis(100L * c);
            String id = uuid7(at);
            String user = "user-" + random.nextInt(100_000);
            int pick = random.nextInt(10);
            List<Participant> participants = new ArrayList<>();
            participants.add(new Participant(user, Role.user));
            if (pick < 6) {
                String agent = "agent-" + random.nextInt(1_000);
                participants.add(new Participant(agent, Role.agent));
                if (random.nextInt(3) == 0) {
                    participants.add(new Participant("admin-" + random.nextInt(50), Role.admin));
                }
                return new Conversation(id, ConversationKind.support, user, agent, Role.agent, participants, at);
            }
            if (pick < 8) {
                String other = "user-" + random.nextInt(100_000);
                participants.add(new Participant(other, Role.user));
                if (random.nextInt(5) == 0) {
                    participants.add(new Participant("user-" + random.nextInt(100_000), Role.user));
                }
                return new Conversation(id, ConversationKind.direct, user, other, Role.user, participants, at);
            }
            participants.add(new Participant("assistant", Role.assistant));
            return new Conversation(id, ConversationKind.ai_chat, user, "assistant", Role.assistant, participants, at);
        }

        boolean hasNext() {
            return next < messages;
        }

        Message next() {
            long i = next++;
            int c = random.nextInt(conversations.length);
            Conversation conversation = conversations[c];
            Instant at = messagesStart.plusMillis(10 * i);
            int pick = random.nextInt(100);
            String sender;
            Role role;
            if (pick < 2) {
                sender = null;
                role = Role.system;
            } else if (pick < 51) {
                sender = conversation.user();
                role = Role.user;
            } else {
                sender = conversation.responder();
                role = conversation.responderRole();
            }
            boolean assistant = role == Role.assistant;
            Integer tokens = assistant ? 20 + random.nextInt(780) : null;
            return new Message(uuid7(at), uuid7(at), c, ++seqs[c], sender, role, content(), tokens,
                    assistant ? "gpt-4o-mini" : null, at, at.plusMillis(5));
        }

        String content() {
            int target = contentMin + random.nextInt(contentMax - contentMin + 1);
            StringBuilder text = new StringBuilder(target + 16);
            while (text.length() < target) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            return text.toString();
        }

        private String uuid7(Instant at) {
            long millis = at.toEpochMilli();
            long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb).toString();
        }

        ConversationEvent startedEvent(int c) {
            Conversation conversation = conversations[c];
            ConversationStarted started = ConversationStarted.newBuilder().setKind(conversation.kind())
                    .setTitle("Conversation " + c).setParticipants(conversation.participants())
                    .setModel(conversation.kind() == ConversationKind.ai_chat ? "gpt-4o-mini" : null).build();
            return ConversationEvent.newBuilder().setEventId(uuid7(conversation.startedAt()))
                    .setConversationId(conversation.id()).setOccurredAt(conversation.startedAt())
                    .setIngestedAt(conversation.startedAt().plusMillis(5))
                    .setActor(new Actor(conversation.user(), Role.user)).setSource("thread-bench").setPayload(started).build();
        }

        ConversationEvent postedEvent(Message message) {
            MessagePosted posted = MessagePosted.newBuilder().setMessageId(message.id()).setSenderId(message.senderId())
                    .setSenderRole(message.role()).setContent(message.content()).setTokensUsed(message.tokens())
                    .setModel(message.model()).build();
            return ConversationEvent.newBuilder().setEventId(message.eventId())
                    .setConversationId(conversations[message.conversation()].id()).setOccurredAt(message.at())
                    .setIngestedAt(message.ingestedAt()).setActor(new Actor(message.senderId(), message.role()))
                    .setSource("thread-bench").setPayload(posted).build();
        }

        /** The conversation's status set by its responder, just before {@code message}. */
        ConversationEvent statusEvent(String eventId, Message message, ConversationStatus status) {
            Conversation conversation = conversations[message.conversation()];
            Instant at = message.at().minusMillis(1);
            return ConversationEvent.newBuilder().setEventId(eventId).setConversationId(conversation.id())
                    .setOccurredAt(at).setIngestedAt(at.plusMillis(5))
                    .setActor(new Actor(conversation.responder(), conversation.responderRole())).setSource("thread-bench")
                    .setPayload(StatusChanged.newBuilder().setStatus(status).build()).build();
        }

        /** The conversation's user has read up to {@code upToSeq}, just before {@code message}. */
        ConversationEvent readEvent(String eventId, Message message, long upToSeq) {
            Conversation conversation = conversations[message.conversation()];
            Instant at = message.at().minusMillis(1);
            return ConversationEvent.newBuilder().setEventId(eventId).setConversationId(conversation.id())
                    .setOccurredAt(at).setIngestedAt(at.plusMillis(5))
                    .setActor(new Actor(conversation.user(), Role.user)).setSource("thread-bench")
                    .setPayload(MessagesRead.newBuilder().setUserId(conversation.user()).setUpToSeq(upToSeq).build()).build();
        }

        List<Message> all() {
            List<Message> all = new ArrayList<>((int) messages);
            while (hasNext()) {
                all.add(next());
            }
            return all;
        }
    }

    // --- produce -----------------------------------------------------------------------------------------------

    static final ConversationStatus[] STATUS_CYCLE = {ConversationStatus.pending, ConversationStatus.resolved,
            ConversationStatus.open};

    static void produce(Produce options) throws Exception {
        Workload workload = options.workload.workload();
        var topic = Topics.CONVERSATION_EVENTS;
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long started = System.nanoTime();
        try (var producer = new KafkaProducer<>(settings, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (int c = 0; c < workload.conversations.length; c++) {
                ConversationEvent event = workload.startedEvent(c);
                producer.send(new ProducerRecord<>(topic.name(), event.getConversationId(), event), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
            }
            // Every start is in its partition before any message: flush, then the messages.
            producer.flush();
            double updates = options.updates;
            // Before each message, as many updates as a geometric draw gives: a share F of all events on average.
            SplittableRandom updateDraws = new SplittableRandom(options.workload.seed + 1);
            int[] statusSteps = new int[workload.conversations.length];
            long[] lastSeqs = new long[workload.conversations.length];
            while (workload.hasNext()) {
                Message message = workload.next();
                List<ConversationEvent> events = new ArrayList<>();
                while (updateDraws.nextDouble() < updates) {
                    // Ids of their own random source, so the messages stay those of the seed (the anchors regenerate them).
                    String eventId = new UUID(updateDraws.nextLong() & ~0xF000L | 0x4000L,
                            updateDraws.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
                    events.add(updateDraws.nextBoolean()
                            ? workload.statusEvent(eventId, message, STATUS_CYCLE[statusSteps[message.conversation()]++ % 3])
                            : workload.readEvent(eventId, message, lastSeqs[message.conversation()]));
                }
                lastSeqs[message.conversation()] = message.seq();
                events.add(workload.postedEvent(message));
                for (ConversationEvent event : events) {
                    producer.send(new ProducerRecord<>(topic.name(), event.getConversationId(), event), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acknowledged.incrementAndGet();
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "threadline-produce conversations=%d messages=%d events=%d seconds=%.1f events_per_s=%.0f%n",
                workload.conversations.length, workload.messages, acknowledged.get(), seconds, acknowledged.get() / seconds);
    }

    // --- await -------------------------------------------------------------------------------------------------

    static long endOffsets(String bootstrap) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.CONVERSATION_EVENTS.name())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static int await(Await options) throws Exception {
        long expected = endOffsets(options.bootstrap);
        long timeout = options.timeoutSeconds * 1000; // counted from the first applied batch
        long startup = options.startupSeconds * 1000; // longest wait for the first applied batch
        long stall = options.stallSeconds * 1000;
        Path progressFile = options.progress;
        StringBuilder progress = new StringBuilder("epoch_ms,applied_events\n");
        long start = System.currentTimeMillis();
        long first = 0;
        long done = 0;
        long lastApplied = -1;
        long lastChange = start;
        long previousAt = 0;
        long previousApplied = 0;
        long at10 = 0;
        long at90 = 0;
        long searchIndexed = 0;
        long searchDone = 0;
        try (Connection connection = options.database.connect()) {
            // The read model's group first, then the search indexer's (group <group>-search).
            PreparedStatement applied = connection.prepareStatement(
                    "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE topic = ? AND consumer_group = ?");
            applied.setString(1, Topics.CONVERSATION_EVENTS.name());
            applied.setString(2, options.group);
            while (true) {
                long now = System.currentTimeMillis();
                long value = stored(connection, applied);
                if (value != lastApplied) {
                    progress.append(now).append(',').append(value).append('\n');
                    lastChange = now;
                }
                if (value > 0 && first == 0) {
                    first = now;
                }
                at10 = crossing(at10, expected * 0.10, previousAt, previousApplied, now, value);
                at90 = crossing(at90, expected * 0.90, previousAt, previousApplied, now, value);
                lastApplied = value;
                previousAt = now;
                previousApplied = value;
                if (value >= expected) {
                    done = now;
                    break;
                }
                if (first == 0 ? now - start > startup : now - first > timeout || now - lastChange > stall) {
                    break;
                }
                Thread.sleep(100);
            }
            // The search indexer (group <group>-search) yields while the read model is behind, so on a backlog it
            // mostly runs after it: the work the target counts is done when both have stored the end offsets.
            applied.setString(2, options.group + "-search");
            long searchChange = System.currentTimeMillis();
            long searchPrevious = -1;
            while (true) {
                long now = System.currentTimeMillis();
                searchIndexed = stored(connection, applied);
                if (searchIndexed != searchPrevious) {
                    searchChange = now;
                    searchPrevious = searchIndexed;
                }
                if (searchIndexed >= expected) {
                    searchDone = now;
                    break;
                }
                if (done == 0 || now - first > timeout || now - searchChange > stall) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        if (progressFile != null) {
            Files.writeString(progressFile, progress);
        }
        System.out.printf(Locale.ROOT, "threadline-await expected_events=%d applied_events=%d start_ms=%d first_ms=%d "
                        + "at10_ms=%d at90_ms=%d done_ms=%d last_change_ms=%d complete=%s search_indexed_events=%d "
                        + "search_done_ms=%d%n",
                expected, lastApplied, start, first, at10, at90, done, lastChange, done != 0, searchIndexed, searchDone);
        if (done == 0) {
            return first == 0 ? 1 : 2; // 2: stopped at the time limit while applying, which is a result
        }
        return 0;
    }

    /** The sum of the stored offsets {@code applied} selects; 0 until the service's migration made the table. */
    private static long stored(Connection connection, PreparedStatement applied) throws SQLException {
        long value;
        try (ResultSet row = applied.executeQuery()) {
            row.next();
            value = row.getLong(1);
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback();
            value = 0;
        }
        connection.commit();
        return value;
    }

    /** The interpolated moment the applied count crossed {@code mark}, once. */
    private static long crossing(long known, double mark, long t0, long v0, long t1, long v1) {
        if (known != 0 || v1 < mark || t0 == 0) {
            return known;
        }
        if (v1 == v0) {
            return t1;
        }
        return Math.round(t0 + (t1 - t0) * Math.max(0, (mark - v0)) / (double) (v1 - v0));
    }

    // --- anchors: the limit and the baseline ------------------------------------------------------------------

    static void anchors(Anchors options) throws Exception {
        Workload workload = options.workload.workload();
        long generating = System.nanoTime();
        List<Message> messages = workload.all();
        System.out.printf(Locale.ROOT, "generated %d messages in %.1f s%n", messages.size(), (System.nanoTime() - generating) / 1e9);
        int batch = options.batch;
        for (String variant : options.limitVariants.split(",")) {
            if (!variant.isBlank()) {
                limit(options.database, workload, messages, batch, variant.strip());
            }
        }
        for (String clients : options.baselineClients.split(",")) {
            if (!clients.isBlank()) {
                baseline(options.database, workload, messages, Integer.parseInt(clients.strip()), options.baselineSeconds);
            }
        }
    }

    private static final String MESSAGE_COLUMNS = "id, conversation_id, seq, sender_id, sender_role, content, "
            + "content_type, tokens_used, model, reply_to, attributes, created_at, ingested_at";
    private static final String MESSAGE_VALUES = "(?, ?, ?, ?, ?, ?, 'text/plain', ?, ?, NULL, '{}', ?, ?)";

    private static int bindMessage(PreparedStatement insert, int p, Workload workload, Message m) throws SQLException {
        insert.setObject(++p, UUID.fromString(m.id()));
        insert.setObject(++p, UUID.fromString(workload.conversations[m.conversation()].id()));
        insert.setLong(++p, m.seq());
        insert.setString(++p, m.senderId());
        insert.setString(++p, m.role().name());
        insert.setString(++p, m.content());
        insert.setObject(++p, m.tokens(), java.sql.Types.INTEGER);
        insert.setString(++p, m.model());
        insert.setObject(++p, OffsetDateTime.ofInstant(m.at(), ZoneOffset.UTC));
        insert.setObject(++p, OffsetDateTime.ofInstant(m.ingestedAt(), ZoneOffset.UTC));
        return p;
    }

    /**
     * The limits: the rows straight into a copy of messages (same columns, primary key (conversation_id, id) and
     * unique (conversation_id, seq); no foreign key, no counters), each statement its own transaction. Variant
     * "insert": multi-row INSERT of {@code batch} rows per statement; "copy": binary COPY of {@code batch} rows per
     * statement ({@link BinaryCopy}); "search": the search indexer's part alone, the rows' tsvector into a copy of
     * message_search (its primary key and GIN index) with multi-row INSERT.
     */
    static void limit(Database database, Workload workload, List<Message> messages, int batch, String variant) throws Exception {
        String table = variant.equals("search") ? "bench_limit_search" : "bench_limit_messages";
        try (Connection connection = database.connect(); Statement ddl = connection.createStatement()) {
            connection.setAutoCommit(true);
            ddl.execute("DROP TABLE IF EXISTS " + table);
            ddl.execute("CREATE TABLE " + table + " (LIKE " + (variant.equals("search") ? "message_search" : "messages")
                    + " INCLUDING ALL)");
            ddl.execute("CHECKPOINT");
            if (variant.equals("copy") || variant.equals("search")) {
                long started = System.nanoTime();
                int statements = variant.equals("copy") ? BinaryCopy.messages(connection, table, workload, messages, batch)
                        : searchRows(connection, table, workload, messages, batch);
                report(ddl, table, variant, statements, batch, (System.nanoTime() - started) / 1e9);
                return;
            }
            if (!variant.equals("insert")) {
                throw new IllegalArgumentException("limit variant must be insert, copy or search: " + variant);
            }
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + MESSAGE_COLUMNS + ") VALUES ");
            for (int i = 0; i < batch; i++) {
                sql.append(i == 0 ? "" : ",").append(MESSAGE_VALUES);
            }
            long started = System.nanoTime();
            int statements = 0;
            try (PreparedStatement full = connection.prepareStatement(sql.toString())) {
                int n = messages.size();
                int i = 0;
                for (; i + batch <= n; i += batch) {
                    int p = 0;
                    for (int j = i; j < i + batch; j++) {
                        p = bindMessage(full, p, workload, messages.get(j));
                    }
                    full.executeUpdate();
                    statements++;
                }
                if (i < n) {
                    StringBuilder rest = new StringBuilder("INSERT INTO " + table + " (" + MESSAGE_COLUMNS + ") VALUES ");
                    for (int j = i; j < n; j++) {
                        rest.append(j == i ? "" : ",").append(MESSAGE_VALUES);
                    }
                    try (PreparedStatement last = connection.prepareStatement(rest.toString())) {
                        int p = 0;
                        for (int j = i; j < n; j++) {
                            p = bindMessage(last, p, workload, messages.get(j));
                        }
                        last.executeUpdate();
                        statements++;
                    }
                }
            }
            report(ddl, table, variant, statements, batch, (System.nanoTime() - started) / 1e9);
        }
    }

    private static void report(Statement ddl, String table, String variant, int statements, int batch, double seconds)
            throws SQLException {
        long count;
        try (ResultSet row = ddl.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            count = row.getLong(1);
        }
        System.out.printf(Locale.ROOT, "threadline-limit variant=%s rows=%d statements=%d batch=%d seconds=%.2f rows_per_s=%.0f%n",
                variant, count, statements, batch, seconds, count / seconds);
        ddl.execute("DROP TABLE " + table);
    }

    /** The search indexer's statement shape: one INSERT ... SELECT to_tsvector(...) FROM unnest(...) per batch. */
    private static int searchRows(Connection connection, String table, Workload workload, List<Message> messages, int batch)
            throws SQLException {
        int statements = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                + " (conversation_id, message_id, content_tsv) SELECT i.c, i.m, to_tsvector('english'::regconfig, i.t)"
                + " FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[]) AS i(c, m, t)")) {
            for (int from = 0; from < messages.size(); from += batch) {
                List<Message> slice = messages.subList(from, Math.min(messages.size(), from + batch));
                insert.setArray(1, connection.createArrayOf("text",
                        slice.stream().map(m -> workload.conversations[m.conversation()].id()).toArray()));
                insert.setArray(2, connection.createArrayOf("text", slice.stream().map(Message::id).toArray()));
                insert.setArray(3, connection.createArrayOf("text", slice.stream().map(Message::content).toArray()));
                insert.executeUpdate();
                statements++;
            }
        }
        return statements;
    }

    /**
     * The baseline, as the seed schemas do it: one transaction per message that inserts it and moves its
     * conversation's message_count and last_message_at. Copies of messages (with the foreign key) and conversations
     * (the workload's conversations, no messages yet); {@code clients} connections, each owning the conversations
     * {@code c % clients}, for at most {@code seconds}.
     */
    static void baseline(Database database, Workload workload, List<Message> messages, int clients, long seconds) throws Exception {
        try (Connection connection = database.connect(); Statement ddl = connection.createStatement()) {
            connection.setAutoCommit(true);
            ddl.execute("DROP TABLE IF EXISTS bench_baseline_messages");
            ddl.execute("DROP TABLE IF EXISTS bench_baseline_conversations");
            ddl.execute("CREATE TABLE bench_baseline_conversations (LIKE conversations INCLUDING ALL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_baseline_conversations "
                    + "(id, kind, title, created_by, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int c = 0; c < workload.conversations.length; c++) {
                    Conversation conversation = workload.conversations[c];
                    OffsetDateTime at = OffsetDateTime.ofInstant(conversation.startedAt(), ZoneOffset.UTC);
                    insert.setObject(1, UUID.fromString(conversation.id()));
                    insert.setString(2, conversation.kind().name());
                    insert.setString(3, "Conversation " + c);
                    insert.setString(4, conversation.user());
                    insert.setObject(5, at);
                    insert.setObject(6, at);
                    insert.setObject(7, at);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            ddl.execute("CREATE TABLE bench_baseline_messages (LIKE messages INCLUDING ALL, "
                    + "FOREIGN KEY (conversation_id) REFERENCES bench_baseline_conversations (id))");
            ddl.execute("VACUUM ANALYZE bench_baseline_conversations");
            ddl.execute("CHECKPOINT");
        }
        AtomicLong committed = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            int me = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = database.connect();
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO bench_baseline_messages (" + MESSAGE_COLUMNS + ") VALUES " + MESSAGE_VALUES);
                     PreparedStatement update = connection.prepareStatement(
                             "UPDATE bench_baseline_conversations SET message_count = message_count + 1, "
                                     + "last_seq = ?, last_message_at = ?, updated_at = ? WHERE id = ?")) {
                    connection.setAutoCommit(false);
                    for (int i = 0; i < messages.size(); i++) {
                        Message m = messages.get(i);
                        if (m.conversation() % clients != me) {
                            continue;
                        }
                        if ((i & 63) == 0 && System.nanoTime() > deadline) {
                            break;
                        }
                        bindMessage(insert, 0, workload, m);
                        insert.executeUpdate();
                        OffsetDateTime at = OffsetDateTime.ofInstant(m.at(), ZoneOffset.UTC);
                        update.setLong(1, m.seq());
                        update.setObject(2, at);
                        update.setObject(3, at);
                        update.setObject(4, UUID.fromString(workload.conversations[m.conversation()].id()));
                        update.executeUpdate();
                        connection.commit();
                        committed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        System.out.printf(Locale.ROOT, "threadline-baseline clients=%d messages=%d seconds=%.2f messages_per_s=%.0f%n",
                clients, committed.get(), elapsed, committed.get() / elapsed);
        try (Connection connection = database.connect(); Statement ddl = connection.createStatement()) {
            connection.setAutoCommit(true);
            ddl.execute("DROP TABLE bench_baseline_messages");
            ddl.execute("DROP TABLE bench_baseline_conversations");
        }
    }

    // --- explain: where the service's run insert spends its time ----------------------------------------------

    /**
     * A class of the thread service's jar (on the classpath), from the first of {@code packages} under
     * {@code dev.threadline.thread} that has it: the classes moved between versions (persistence/ until 2026-12-02).
     */
    static Class<?> serviceClass(String name, String... packages) throws ClassNotFoundException {
        ClassNotFoundException missing = new ClassNotFoundException(name);
        for (String pkg : packages) {
            try {
                return Class.forName("dev.threadline.thread." + pkg + "." + name);
            } catch (ClassNotFoundException e) {
                missing.addSuppressed(e);
            }
        }
        throw missing;
    }

    static String serviceSql(String field) throws Exception {
        Class<?> writer = serviceClass("MessageBulkWriter", "projection", "persistence");
        Field sql = writer.getDeclaredField(field);
        sql.setAccessible(true);
        return (String) sql.get(null);
    }

    static void explain(Explain options) throws Exception {
        // The next --batch messages of the stream after the --messages the service has stored already.
        Workload stored = options.workload.workload();
        int batch = options.batch;
        int repeat = options.repeat;
        Workload workload = new Workload(stored.conversations.length, stored.messages + batch,
                options.workload.seed, stored.contentMin, stored.contentMax);
        for (long i = 0; i < stored.messages; i++) {
            workload.next();
        }
        List<Message> run = new ArrayList<>(batch);
        while (workload.hasNext()) {
            run.add(workload.next());
        }
        String ensure = serviceSql("ENSURE_CONVERSATIONS");
        String original = serviceSql("INSERT_RUN");
        try (Connection connection = options.database.connect()) {
            connection.setAutoCommit(false);
            System.out.println("== EXPLAIN (ANALYZE, BUFFERS) of MessageBulkWriter.INSERT_RUN, " + run.size()
                    + " messages over " + run.stream().map(Message::conversation).distinct().count() + " conversations (rolled back)");
            printPlan(connection, ensure, original, workload, run);
            Map<String, List<Double>> times = new HashMap<>();
            for (int r = 0; r < repeat; r++) {
                times.computeIfAbsent("service", k -> new ArrayList<>()).add(time(connection, ensure, original, workload, run));
            }
            for (var entry : times.entrySet()) {
                List<Double> ms = entry.getValue().stream().sorted().toList();
                double median = ms.get(ms.size() / 2);
                System.out.printf(Locale.ROOT, "threadline-explain statement=%s batch=%d median_ms=%.1f min_ms=%.1f "
                                + "us_per_message=%.1f messages_per_s=%.0f%n", entry.getKey(), run.size(), median, ms.getFirst(),
                        median * 1000 / run.size(), run.size() / (median / 1000));
            }
        }
    }

    private static void bindRun(PreparedStatement ensure, PreparedStatement insert, Connection connection,
                                Workload workload, List<Message> run) throws SQLException {
        int n = run.size();
        String[] conversationIds = new String[n];
        String[] tenants = new String[n];
        Long[] occurredAt = new Long[n];
        String[] ids = new String[n];
        String[] senderIds = new String[n];
        String[] senderRoles = new String[n];
        String[] contents = new String[n];
        String[] contentTypes = new String[n];
        Integer[] tokens = new Integer[n];
        String[] models = new String[n];
        String[] replyTo = new String[n];
        String[] attributes = new String[n];
        Long[] ingestedAt = new Long[n];
        for (int i = 0; i < n; i++) {
            Message m = run.get(i);
            conversationIds[i] = workload.conversations[m.conversation()].id();
            occurredAt[i] = epochMicros(m.at());  // as MessageBulkWriter sends them
            ingestedAt[i] = epochMicros(m.ingestedAt());
            ids[i] = m.id();
            senderIds[i] = m.senderId();
            senderRoles[i] = m.role().name();
            contents[i] = m.content();
            contentTypes[i] = "text/plain";
            tokens[i] = m.tokens();
            models[i] = m.model();
            attributes[i] = "{}";
        }
        ensure.setArray(1, connection.createArrayOf("text", conversationIds));
        ensure.setArray(2, connection.createArrayOf("text", tenants));
        ensure.setArray(3, connection.createArrayOf("int8", occurredAt));
        Object[][] columns = {ids, conversationIds, senderIds, senderRoles, contents, contentTypes};
        int p = 0;
        for (Object[] column : columns) {
            insert.setArray(++p, connection.createArrayOf("text", column));
        }
        insert.setArray(++p, connection.createArrayOf("int4", tokens));
        insert.setArray(++p, connection.createArrayOf("text", models));
        insert.setArray(++p, connection.createArrayOf("text", replyTo));
        insert.setArray(++p, connection.createArrayOf("text", attributes));
        insert.setArray(++p, connection.createArrayOf("int8", occurredAt));
        insert.setArray(++p, connection.createArrayOf("int8", ingestedAt));
    }

    private static long epochMicros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    private static void printPlan(Connection connection, String ensureSql, String insertSql, Workload workload,
                                  List<Message> run) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement(ensureSql);
             PreparedStatement insert = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + insertSql)) {
            bindRun(ensure, insert, connection, workload, run);
            ensure.executeUpdate();
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    System.out.println(rows.getString(1));
                }
            }
        } finally {
            connection.rollback();
        }
    }

    private static double time(Connection connection, String ensureSql, String insertSql, Workload workload,
                               List<Message> run) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement(ensureSql);
             PreparedStatement insert = connection.prepareStatement(insertSql)) {
            bindRun(ensure, insert, connection, workload, run);
            long started = System.nanoTime();
            ensure.executeUpdate();
            insert.executeUpdate();
            return (System.nanoTime() - started) / 1e6;
        } finally {
            connection.rollback();
        }
    }

    // --- plans: the read statements of the query benchmark ----------------------------------------------------

    static void plans(Plans options) throws Exception {
        Class<?> readModel = serviceClass("ConversationReadModel", "query", "persistence");
        String conversation = options.conversation;
        List<Object[]> statements = new ArrayList<>();
        // Since issue 12 every read is within a scope: here an agent's, the default tenant's conversations.
        Object scope = readScope();
        List<Object> scoped = scope == null ? List.of() : scopeParameters(scope);
        if (!hasField(readModel, "MORE")) { // one statement per page: the conversation, the far side, the page
            statements.add(new Object[] {"messages page: MESSAGES_BACK (newest 50 + 1)", field(readModel, "MESSAGES_BACK"),
                    concat(List.of(Long.MAX_VALUE, conversation), scoped, List.of(Long.MAX_VALUE, 51))});
            statements.add(new Object[] {"messages page: MESSAGES_FORWARD (first 50 + 1)", field(readModel, "MESSAGES_FORWARD"),
                    concat(List.of(0L, Long.MAX_VALUE, conversation), scoped, List.of(0L, Long.MAX_VALUE, 51))});
        } else { // before 2026-12-02: EXISTS, the page, MORE
            statements.add(new Object[] {"messages page: EXISTS", field(readModel, "EXISTS"), List.of(conversation)});
            statements.add(new Object[] {"messages page: MESSAGES_BACK (newest 50)", field(readModel, "MESSAGES_BACK"),
                    List.of(conversation, Long.MAX_VALUE, 50)});
            statements.add(new Object[] {"messages page: MORE (neighbours)", field(readModel, "MORE"),
                    List.of(conversation, 1L, conversation, Long.MAX_VALUE)});
        }
        Class<?> listing = serviceClass("ConversationListing", "query", "persistence");
        Class<?> filterType = serviceClass("ConversationFilter", "query", "persistence");
        Class<?> keyType = serviceClass("ActivityKey", "query", "persistence");
        var statement = scope == null
                ? listing.getDeclaredMethod("statement", filterType, keyType, int.class)
                : listing.getDeclaredMethod("statement", filterType, scope.getClass(), keyType, int.class);
        statement.setAccessible(true);
        var of = filterType.getMethod("of", String.class);
        for (String participant : Arrays.asList(options.participant, options.participant2)) {
            if (participant == null) {
                continue;
            }
            Object filter = of.invoke(null, participant);
            Object bound = scope == null ? statement.invoke(null, filter, null, 51) : statement.invoke(null, filter, scope, null, 51);
            var sql = bound.getClass().getDeclaredMethod("sql");
            var parameters = bound.getClass().getDeclaredMethod("parameters");
            sql.setAccessible(true);
            parameters.setAccessible(true);
            statements.add(new Object[] {"conversation list of " + participant + " (limit 50 + 1)", sql.invoke(bound),
                    parameters.invoke(bound)});
        }
        try (Connection connection = options.database.connect()) {
            for (Object[] entry : statements) {
                for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                    System.out.println("== " + entry[0] + ", plan_cache_mode=" + mode);
                    try (Statement set = connection.createStatement()) {
                        set.execute("SET plan_cache_mode = " + mode);
                    }
                    try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + entry[1])) {
                        // (errors are printed, not thrown: one statement that changed must not hide the others)
                        // A named server-side statement, as pgjdbc uses after prepareThreshold executions.
                        explain.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                        @SuppressWarnings("unchecked")
                        List<Object> values = (List<Object>) entry[2];
                        for (int i = 0; i < values.size(); i++) {
                            explain.setObject(i + 1, values.get(i));
                        }
                        try (ResultSet rows = explain.executeQuery()) {
                            while (rows.next()) {
                                System.out.println(rows.getString(1));
                            }
                        }
                    } catch (SQLException e) {
                        System.out.println("failed: " + e.getMessage());
                    }
                    connection.rollback();
                }
            }
        }
    }

    /** The default tenant's read scope, or null for a jar from before reads had scopes (issue 12). */
    private static Object readScope() throws Exception {
        Class<?> type;
        try {
            type = serviceClass("ReadScope", "persistence");
        } catch (ClassNotFoundException before) {
            return null;
        }
        return type.getMethod("tenant", String.class).invoke(null, (Object) null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> scopeParameters(Object scope) throws Exception {
        return (List<Object>) scope.getClass().getMethod("parameters").invoke(scope);
    }

    @SafeVarargs
    private static List<Object> concat(List<?>... parts) {
        List<Object> all = new ArrayList<>();
        for (List<?> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static boolean hasField(Class<?> type, String name) {
        try {
            type.getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static String field(Class<?> type, String name) throws Exception {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
