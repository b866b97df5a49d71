package dev.threadline.thread.service;

import dev.threadline.thread.persistence.ConversationWriter;
import dev.threadline.thread.persistence.OffsetStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies polled batches of conversation events to PostgreSQL with exactly-once effect: the
 * events' changes and the partitions' next offsets are committed in one transaction, and the
 * consumer resumes from those stored offsets, so a redelivered batch changes nothing.
 *
 * <p>A batch is first applied in one go. If PostgreSQL rejects an event (an invariant of the
 * read model is broken), the transaction is rolled back and the batch is applied again with a
 * savepoint per event; the events that fail there are dead-lettered and the rest are kept.
 */
@Singleton
public class ConversationProjection {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationProjection.class);

    private final DataSource dataSource;
    private final ConversationWriter writer;
    private final OffsetStore offsets;
    private final DeadLetterSink deadLetters;
    private final AppliedEventListener appliedEvents;

    public ConversationProjection(DataSource dataSource, ConversationWriter writer, OffsetStore offsets,
                                  DeadLetterSink deadLetters, AppliedEventListener appliedEvents) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.appliedEvents = appliedEvents;
    }

    /**
     * Applies one polled batch.
     *
     * @param events       decoded events in partition order
     * @param rejected     records that could not be decoded; they are dead-lettered
     * @param firstOffsets for each partition in the batch, the offset of its first record
     * @param nextOffsets  for each partition in the batch, the offset after its last record
     * @throws SQLException if the database is unavailable; nothing was stored and the batch must be retried
     * @throws dev.threadline.thread.persistence.StaleBatchException if another consumer moved the stored offsets
     */
    public void apply(String consumerGroup, List<EventRecord> events, List<RejectedRecord> rejected,
                      Map<TopicPartition, Long> firstOffsets, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<RejectedRecord> deadLettered = new ArrayList<>(rejected);
                List<EventRecord> applied = events;
                if (!applyAll(connection, events)) {
                    List<RejectedRecord> failed = applyEachWithSavepoint(connection, events);
                    deadLettered.addAll(failed);
                    applied = events.stream().filter(e -> failed.stream().noneMatch(f -> f.record() == e.source())).toList();
                }
                offsets.advance(connection, consumerGroup, firstOffsets, nextOffsets);
                if (!deadLettered.isEmpty()) {
                    // Dead letters are acknowledged before the offsets commit: a crash in between
                    // repeats a dead letter, it never loses one.
                    deadLetters.publish(deadLettered);
                }
                connection.commit();
                // Only now are the events readable through the API; live subscribers may hear of them.
                appliedEvents.applied(applied.stream().map(EventRecord::event).toList());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean applyAll(Connection connection, List<EventRecord> events) throws SQLException {
        Savepoint start = connection.setSavepoint();
        try {
            writer.apply(connection, events.stream().map(EventRecord::event).toList());
            return true;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            LOG.warn("Batch of {} events rejected by PostgreSQL ({}); applying one by one", events.size(), e.getMessage());
            connection.rollback(start);
            return false;
        }
    }

    private List<RejectedRecord> applyEachWithSavepoint(Connection connection, List<EventRecord> events) throws SQLException {
        List<RejectedRecord> failed = new ArrayList<>();
        for (EventRecord event : events) {
            Savepoint beforeEvent = connection.setSavepoint();
            try {
                writer.apply(connection, List.of(event.event()));
                connection.releaseSavepoint(beforeEvent);
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    throw e;
                }
                connection.rollback(beforeEvent);
                failed.add(new RejectedRecord(event.source(), "invariant", e.getMessage()));
            }
        }
        return failed;
    }

    /** SQLSTATE class 08 is a connection exception: the database, not the event, is at fault. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
