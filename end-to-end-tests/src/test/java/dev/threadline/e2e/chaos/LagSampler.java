package dev.threadline.e2e.chaos;

import dev.threadline.schemas.topics.Topics;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples, once a second, how far the two consumers of conversation-events are behind its end: thread-service by the
 * offsets it stores in PostgreSQL with its rows, stats-streams by its group's committed offsets. A sample that cannot
 * be taken (broker or database down) is skipped. Lags are in offsets, transaction markers included.
 */
final class LagSampler implements AutoCloseable {

    /** One sample; a lag is -1 when it could not be measured. */
    record Sample(long atNanos, long threadLag, long statsLag) {
    }

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ChaosStack stack;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Thread sampler;
    private volatile boolean stopped;

    LagSampler(ChaosStack stack) {
        this.stack = stack;
        this.sampler = Thread.ofVirtual().name("lag-sampler").start(this::run);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Whether the newest sample finds stats-streams caught up: no records left but transaction markers. */
    boolean statsCaughtUp(int partitions) {
        Sample newest = null;
        for (Sample sample : samples) {
            newest = sample;
        }
        // A committed offset may stop before a partition's last transaction markers (one per commit).
        return newest != null && newest.statsLag() >= 0 && newest.statsLag() <= 2L * partitions;
    }

    private void run() {
        while (!stopped) {
            long started = System.nanoTime();
            try (Admin admin = stack.cluster().admin()) {
                Map<TopicPartition, Long> end = endOffsets(admin);
                if (end != null) {
                    samples.add(new Sample(System.nanoTime(), threadLag(end), statsLag(admin, end)));
                }
            } catch (RuntimeException e) {
                // an admin client that cannot even be created: no sample this time
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

    private long threadLag(Map<TopicPartition, Long> end) {
        Map<Integer, Long> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl() + "?connectTimeout=2&socketTimeout=3",
                "postgres", "postgres");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ?")) {
            query.setString(1, ChaosStack.THREAD_GROUP);
            query.setString(2, Topics.CONVERSATION_EVENTS.name());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getInt(1), rows.getLong(2));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - stored.getOrDefault(e.getKey().partition(), 0L))).sum();
    }

    private static long statsLag(Admin admin, Map<TopicPartition, Long> end) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ChaosStack.STATS_APPLICATION)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            return end.entrySet().stream().mapToLong(e -> {
                OffsetAndMetadata at = committed.get(e.getKey());
                return Math.max(0, e.getValue() - (at == null ? 0 : at.offset()));
            }).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
