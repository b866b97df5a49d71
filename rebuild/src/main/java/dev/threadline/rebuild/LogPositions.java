package dev.threadline.rebuild;

import dev.threadline.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Positions in conversation-events: where the log begins and ends (as a {@code read_committed} reader sees it), and how
 * far a thread-service database has applied it (its {@code consumer_offsets}, written in the transactions of the events
 * they cover, so they say exactly what the database holds).
 */
final class LogPositions {

    private static final String TOPIC = Topics.CONVERSATION_EVENTS.name();

    /** The first and the next offset of each partition of the log. */
    record Span(Map<Integer, Long> beginning, Map<Integer, Long> end) {

        /** Offsets of the span: its records, and the commit markers between them. */
        long events() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        }

        /** Events of the span a database whose stored offsets are {@code stored} has applied. */
        long applied(Map<Integer, Long> stored) {
            long applied = 0;
            for (Map.Entry<Integer, Long> partition : end.entrySet()) {
                long from = beginning.get(partition.getKey());
                long next = Math.max(from, stored.getOrDefault(partition.getKey(), from));
                applied += Math.min(next, partition.getValue()) - from;
            }
            return applied;
        }

        /** Whether {@code stored} reach the end of the span in every partition. */
        boolean reached(Map<Integer, Long> stored) {
            return end.entrySet().stream().allMatch(e -> e.getValue() <= beginning.get(e.getKey())
                    || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
        }
    }

    private LogPositions() {
    }

    /**
     * Where conversation-events begins now, and the offset after its last committed record in each partition: what a
     * consumer that applied everything there is stores as its next offset. (The log's end offset can be further: a
     * transaction's commit marker takes an offset of its own, and no consumer ever stores past it.)
     */
    static Span span(Admin admin, Consumer<byte[], byte[]> consumer)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        Map<Integer, Long> beginning = offsets(admin, partitions, OffsetSpec.earliest());
        Map<Integer, Long> end = offsets(admin, partitions, OffsetSpec.latest());
        Map<Integer, Long> afterLastRecord = new HashMap<>();
        for (TopicPartition partition : partitions) {
            afterLastRecord.put(partition.partition(),
                    afterLastRecord(consumer, partition, beginning.get(partition.partition()), end.get(partition.partition())));
        }
        return new Span(beginning, afterLastRecord);
    }

    /** The offset after the last committed record below {@code end}; {@code beginning} if there is none. */
    private static long afterLastRecord(Consumer<byte[], byte[]> consumer, TopicPartition partition, long beginning, long end) {
        consumer.assign(List.of(partition));
        for (long window = 16; ; window *= 4) {
            long from = Math.max(beginning, end - window);
            consumer.seek(partition, from);
            long last = -1;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    if (record.offset() < end) {
                        last = Math.max(last, record.offset());
                    }
                }
            }
            if (last >= 0) {
                return last + 1;
            }
            if (from == beginning) {
                return beginning;
            }
        }
    }
    private static Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<Integer, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    /** The next offset of each partition the database stores for {@code group}; none for a partition not begun. */
    static Map<Integer, Long> stored(String jdbcUrl, String user, String password, String group) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return stored(connection, group);
        }
    }

    static Map<Integer, Long> stored(Connection connection, String group) throws SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ?")) {
            select.setString(1, group);
            select.setString(2, TOPIC);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    stored.put(row.getInt(1), row.getLong(2));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the service has not created its tables yet
                return stored;
            }
            throw e;
        }
        return stored;
    }
}
