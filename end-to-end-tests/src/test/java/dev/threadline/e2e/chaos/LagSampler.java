package dev.threadline.e2e.chaos;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.stats.pipeline.OldestUnconsumedRecords;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples, once a second, how far the consumers of conversation-events are behind its end: thread-service and its
 * search indexer by the offsets they store in PostgreSQL with their rows, stats-streams by its group's committed
 * offsets. A sample that cannot be taken (broker or database down) is skipped. Lags are in offsets, transaction
 * markers included. Each lag is also measured in time ({@link OldestUnconsumedRecords}).
 */
public final class LagSampler implements AutoCloseable {

    /**
     * One sample; a lag or an age (milliseconds since the oldest record the consumer has not applied was produced) is
     * -1 when it could not be measured, and so is {@code threadStored}, the sum of the offsets thread-service stored
     * (it grows with every batch the read model commits).
     */
    public record Sample(long atNanos, long threadLag, long statsLag, long searchLag, long threadAgeMillis,
                         long statsAgeMillis, long searchAgeMillis, long threadStored) {
    }

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private static final Duration ADMIN_CLOSE = Duration.ofSeconds(1);

    private final ChaosStack stack;
    private final OldestUnconsumedRecords ages;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Thread sampler;
    private volatile boolean stopped;

    private LagSampler(ChaosStack stack, OldestUnconsumedRecords ages) {
        this.stack = stack;
        this.ages = ages;
        this.sampler = Thread.ofVirtual().name("lag-sampler").start(this::run);
    }

    /** A sampler that also measures each lag in time; while the broker is away an age is -1, like any lag. */
    public static LagSampler withAges(ChaosStack stack) {
        return new LagSampler(stack, new OldestUnconsumedRecords(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers())));
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The newest sample, or null before the first. */
    public Sample newest() {
        Sample newest = null;
        for (Sample sample : samples) {
            newest = sample;
        }
        return newest;
    }

    /** Whether the newest sample finds stats-streams caught up: no records left but transaction markers. */
    boolean statsCaughtUp(int partitions) {
        Sample newest = newest();
        // A committed offset may stop before a partition's last transaction markers (one per commit).
        return newest != null && newest.statsLag() >= 0 && newest.statsLag() <= 2L * partitions;
    }

    private void run() {
        while (!stopped) {
            long started = System.nanoTime();
            Admin admin = null;
            try {
                admin = stack.cluster().admin();
                Map<TopicPartition, Long> end = endOffsets(admin);
                if (end != null) {
                    samples.add(sample(admin, end));
                }
            } catch (RuntimeException e) {
                // an admin client that cannot even be created: no sample this time
            } finally {
                if (admin != null) {
                    // Not close(): it waits for every pending call, and with a cluster broker killed one can stay
                    // pending for minutes, which had stopped the sampling (the previous cluster runs' 305 s "recovery").
                    admin.close(ADMIN_CLOSE);
                }
            }
            long rest = PERIOD.toNanos() - (System.nanoTime() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(rest));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        try {
            ages.close();
        } catch (RuntimeException e) {
            // closing while interrupted: the consumer's resources go with this JVM's next GC
        }
    }

    private Sample sample(Admin admin, Map<TopicPartition, Long> end) {
        long at = System.nanoTime();
        Map<String, Map<TopicPartition, Long>> stored = storedOffsets();
        Map<TopicPartition, Long> thread = stored == null ? null : stored.getOrDefault(ChaosStack.THREAD_GROUP, Map.of());
        Map<TopicPartition, Long> search = stored == null ? null : stored.getOrDefault(ChaosStack.SEARCH_GROUP, Map.of());
        Map<TopicPartition, Long> stats = statsOffsets(admin);
        return new Sample(at, lag(end, thread), lag(end, stats), lag(end, search), age(thread, end), age(stats, end),
                age(search, end), thread == null ? -1 : thread.values().stream().mapToLong(Long::longValue).sum());
    }

    private static long lag(Map<TopicPartition, Long> end, Map<TopicPartition, Long> positions) {
        if (positions == null) {
            return -1;
        }
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - positions.getOrDefault(e.getKey(), 0L))).sum();
    }

    private long age(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> end) {
        if (positions == null) {
            return -1;
        }
        Long oldest = ages.oldestMillis(positions, end);
        return oldest == null ? -1 : oldest;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) {
        String topic = Topics.CONVERSATION_EVENTS.name();
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, Topics.CONVERSATION_EVENTS.partitions()).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (Exception e) {
            return null;
        }
    }

    /** The offsets thread-service and its search indexer stored with their rows, by group; null if unreadable. */
    private Map<String, Map<TopicPartition, Long>> storedOffsets() {
        Map<String, Map<TopicPartition, Long>> stored = new HashMap<>();
        String topic = Topics.CONVERSATION_EVENTS.name();
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl() + "?connectTimeout=2&socketTimeout=3",
                "postgres", "postgres");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT consumer_group, partition, next_offset FROM consumer_offsets WHERE consumer_group IN (?, ?)"
                             + " AND topic = ?")) {
            query.setString(1, ChaosStack.THREAD_GROUP);
            query.setString(2, ChaosStack.SEARCH_GROUP);
            query.setString(3, topic);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), g -> new HashMap<>())
                            .put(new TopicPartition(topic, rows.getInt(2)), rows.getLong(3));
                }
            }
            return stored;
        } catch (Exception e) {
            return null;
        }
    }

    private static Map<TopicPartition, Long> statsOffsets(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ChaosStack.STATS_APPLICATION)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((partition, at) -> {
                if (at != null) {
                    offsets.put(partition, at.offset());
                }
            });
            return offsets;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
