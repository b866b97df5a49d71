package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.BatchSender;
import dev.threadline.e2e.chaos.ChaosCommand;
import dev.threadline.e2e.chaos.ChaosStack;
import dev.threadline.e2e.chaos.Ledger;
import dev.threadline.e2e.stats.Sentences;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.utils.Utils;

/**
 * End-to-end latency, measured on a few messages a second: from ingest's {@code 202} to the message being visible in
 * the thread service and to the conversation's metrics counting it on conversation-metrics.
 *
 * <p>The probes have conversations of their own, one per partition of conversation-events, so every partition is
 * measured. Each is subscribed to the thread service's event stream ({@link LiveMessages}),
 * which sends an event only after the transaction that applied it committed, i.e. once the message is readable
 * through the REST API; the time the event arrives is "visible in the thread service" (slightly late rather than
 * early: the stream looks up the message's seq before it sends). {@link MetricsTail} reads conversation-metrics; the
 * time a committed value counts the probe message is "visible in stats-streams". No query polls anything, so the
 * measurement adds a few messages per second to the load and nothing else.
 *
 * <p>A probe message is an ordinary {@code POST /v1/batch} of one {@code postMessage}, sent while the load runs, into
 * the same partitions and transactions as the load. Its id, and the message count its conversation will have, are
 * known before it is sent, so an event that arrives before the {@code 202} (the consumers can be faster than the HTTP
 * answer) is matched too; its latency is then negative. A conversation whose probe was not acknowledged no longer
 * has a known count, so its later probes measure the thread service only.
 */
final class VisibilityProbes implements AutoCloseable {

    /** One probe message; times on {@link System#nanoTime()}'s clock, -1 until known. */
    static final class Probe {
        final String messageId;
        final String conversationId;
        final int partition;
        final long expectedMessages;
        final long sentNanos = System.nanoTime();
        volatile long ackedNanos = -1;
        volatile long threadNanos = -1;
        volatile long statsNanos = -1;
        volatile boolean failed;

        Probe(String messageId, String conversationId, int partition, long expectedMessages) {
            this.messageId = messageId;
            this.conversationId = conversationId;
            this.partition = partition;
            this.expectedMessages = expectedMessages;
        }

        boolean resolved() {
            return failed || (threadNanos >= 0 && (statsNanos >= 0 || expectedMessages < 0));
        }
    }

    private static final Duration VISIBLE_WITHIN = Duration.ofMinutes(3);

    /** A probe conversation; only the sender thread of its current probe changes it. */
    private static final class Conversation {
        final String id;
        final int partition;
        final String customer = "probe-customer-" + UUID.randomUUID().toString().substring(0, 8);
        final String agent = "probe-agent";
        volatile long messages = 1;
        volatile boolean countKnown = true;
        volatile boolean inFlight;
        volatile LiveMessages events;

        Conversation(String id, int partition) {
            this.id = id;
            this.partition = partition;
        }
    }

    private final ChaosStack stack;
    private final BatchSender sender;
    private final int perSecond;
    private final List<Conversation> conversations = new ArrayList<>();
    private final Map<String, Probe> byMessage = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Probe>> waitingForStats = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> counted = new ConcurrentHashMap<>();
    private MetricsTail metrics;
    private Thread scheduler;
    private volatile boolean sending;

    VisibilityProbes(ChaosStack stack, Ledger ledger, int perSecond) {
        this.stack = stack;
        this.sender = new BatchSender(ledger);
        this.perSecond = perSecond;
    }

    /**
     * Starts the probe conversations, subscribes to them, waits until stats-streams counted each one's first message
     * (so both consumers are at work before anything is measured), and starts sending probes.
     */
    VisibilityProbes start() {
        int partitions = Topics.CONVERSATION_EVENTS.partitions();
        List<ChaosCommand> starts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            Conversation c = new Conversation(conversationOnPartition(p, partitions), p);
            conversations.add(c);
            watched.add(c.id);
            starts.add(new ChaosCommand.Start(c.id, ConversationKind.support, Priority.medium, c.customer, c.agent,
                    message(c, 0)));
        }
        metrics = new MetricsTail(stack.bootstrapServers(), watched, this::counted);
        if (sender.send(stack.ingestUri(), starts).size() != starts.size()) {
            throw new IllegalStateException("ingest did not acknowledge the probe conversations");
        }
        for (Conversation c : conversations) {
            c.events = LiveMessages.open(stack.threadUri(), c.id, VISIBLE_WITHIN, this::announced);
        }
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (!counted.keySet().containsAll(watched)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stats-streams did not count the probe conversations within " + VISIBLE_WITHIN);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        sending = true;
        scheduler = Thread.ofVirtual().name("probe-scheduler").start(this::schedule);
        return this;
    }

    /** Stops sending probes; those sent are still watched. */
    void stopSending() {
        sending = false;
    }

    /** Every probe sent so far, in sending order. */
    List<Probe> probes() {
        return List.copyOf(probes);
    }

    /** Waits until every probe is visible everywhere it can be, or {@code timeout} passed. */
    void awaitResolved(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !probes.stream().allMatch(Probe::resolved)) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private void schedule() {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        int turn = 0;
        while (sending) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            for (int tried = 0; tried < conversations.size(); tried++) {
                Conversation c = conversations.get(turn++ % conversations.size());
                if (!c.inFlight) {
                    c.inFlight = true;
                    Thread.ofVirtual().start(() -> send(c));
                    break;
                }
            }
        }
    }

    private void send(Conversation c) {
        try {
            ChaosCommand.Message message = message(c, c.messages);
            Probe probe = new Probe(message.id(), c.id, c.partition, c.countKnown ? c.messages + 1 : -1);
            byMessage.put(probe.messageId, probe);
            if (probe.expectedMessages > 0) {
                waitingForStats.computeIfAbsent(c.id, id -> new ConcurrentLinkedQueue<>()).add(probe);
            }
            probes.add(probe);
            boolean acked = !sender.send(stack.ingestUri(), List.of(new ChaosCommand.Post(c.id, message))).isEmpty();
            if (acked) {
                probe.ackedNanos = System.nanoTime();
                c.messages++;
            } else {
                probe.failed = true;
                c.countKnown = false;
            }
        } finally {
            c.inFlight = false;
        }
    }

    /** The n-th message of a probe conversation: user, agent and assistant in turn. */
    private static ChaosCommand.Message message(Conversation c, long n) {
        String id = UUID.randomUUID().toString();
        return switch ((int) (n % 3)) {
            case 0 -> new ChaosCommand.Message(id, c.customer, Role.user, Sentences.pick((int) n), 0, Instant.now());
            case 1 -> new ChaosCommand.Message(id, c.agent, Role.agent, "Probe reply " + n + ".", 0, Instant.now());
            default -> new ChaosCommand.Message(id, "assistant-1", Role.assistant, "Probe suggestion.", 12, Instant.now());
        };
    }

    private void counted(String conversationId, long messages, long atNanos) {
        counted.merge(conversationId, messages, Math::max);
        ConcurrentLinkedQueue<Probe> waiting = waitingForStats.get(conversationId);
        if (waiting != null) {
            waiting.removeIf(probe -> {
                if (probe.expectedMessages <= messages) {
                    probe.statsNanos = atNanos;
                    return true;
                }
                return false;
            });
        }
    }

    private void announced(String messageId, long atNanos) {
        Probe probe = byMessage.get(messageId);
        if (probe != null && probe.threadNanos < 0) {
            probe.threadNanos = atNanos;
        }
    }

    private static String conversationOnPartition(int partition, int partitions) {
        while (true) {
            String id = UUID.randomUUID().toString();
            // The producer's default partitioner for a keyed record: murmur2 of the key's bytes.
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
                return id;
            }
        }
    }

    @Override
    public void close() {
        sending = false;
        if (scheduler != null) {
            scheduler.interrupt();
        }
        if (metrics != null) {
            metrics.close();
        }
        for (Conversation c : conversations) {
            if (c.events != null) {
                c.events.close();
            }
        }
    }
}
