package dev.threadline.thread.service;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.UserErased;
import dev.threadline.schemas.events.EventTypes;
import dev.threadline.schemas.logging.LogContext;
import dev.threadline.schemas.topics.DeadLetterReasons;
import dev.threadline.thread.config.ProjectionConfig;
import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.DatabaseFailure;
import dev.threadline.thread.projection.BatchWriter;
import dev.threadline.thread.projection.ConversationTenants;
import dev.threadline.thread.projection.ErasedUsers;
import dev.threadline.thread.projection.OffsetStore;
import dev.threadline.thread.projection.PurgedConversations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies polled batches of conversation events to PostgreSQL with exactly-once effect: the
 * events' changes and the partitions' next offsets are committed in one transaction, and the
 * consumer resumes from those stored offsets, so a redelivered batch changes nothing.
 *
 * <p>A batch is first applied in one go. If PostgreSQL rejects it for its data (a value a column
 * cannot hold, a violated constraint — {@link DatabaseFailure#CAUSED_BY_INPUT}), the batch is applied
 * again with a savepoint per event; the events that fail there are dead-lettered with the database's
 * reason and the rest are kept. Any other failure (a deadlock, a timeout, a lost connection) is not the
 * events' fault: the whole transaction is rolled back and the caller retries the batch.
 *
 * <p>Every statement of the transaction is bounded by a statement and a lock timeout, so a batch never
 * waits without end for a lock.
 *
 * <p>An erasure or a purge (docs/lifecycle.md) is applied in the order of the partition it was read from: the events
 * before it as they were, the events after it with the erased user's identity replaced ({@link ErasedUsers}) or
 * without the purged conversation's ({@link PurgedConversations}).
 *
 * <p>There are two, each with its own consumer group and stored offsets ({@link Projections}): the read
 * model and the search index. The read model first dead-letters the events of another tenant than their
 * conversation's ({@link ConversationTenants}).
 */
public class ConversationProjection {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationProjection.class);

    private final Database database;
    private final BatchWriter writer;
    private final OffsetStore offsets;
    private final DeadLetterSink deadLetters;
    private final AppliedEventListener appliedEvents;
    private final ConversationTenants tenants;
    private final ErasedUsers erasedUsers;
    private final PurgedConversations purgedConversations;
    private final String boundWaits;

    /** @param tenants checks each event's tenant against its conversation's; null: no check */
    ConversationProjection(Database database, BatchWriter writer, OffsetStore offsets, DeadLetterSink deadLetters,
                           AppliedEventListener appliedEvents, ConversationTenants tenants, ErasedUsers erasedUsers,
                           PurgedConversations purgedConversations, ProjectionConfig config) {
        this.boundWaits = "SET LOCAL statement_timeout = %d; SET LOCAL lock_timeout = %d"
                .formatted(config.statementTimeout().toMillis(), config.lockTimeout().toMillis());
        this.database = database;
        this.writer = writer;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.appliedEvents = appliedEvents;
        this.tenants = tenants;
        this.erasedUsers = erasedUsers;
        this.purgedConversations = purgedConversations;
    }

    /**
     * Applies one polled batch.
     *
     * @param events       decoded events in partition order
     * @param rejected     records that could not be decoded; they are dead-lettered
     * @param expectedOffsets for each partition in the batch, the stored offset the batch continues from
     *                        ({@link OffsetStore#NO_ROW} if none)
     * @param nextOffsets     for each partition in the batch, the offset after its last record
     * @throws SQLException if the database failed for a reason other than the events; nothing was stored and
     *                      the batch must be retried
     * @return the events written (those not dead-lettered), now committed
     * @throws dev.threadline.thread.projection.StaleBatchException if another consumer moved the stored offsets
     */
    public List<EventRecord> apply(String consumerGroup, List<EventRecord> events, List<RejectedRecord> rejected,
                      Map<TopicPartition, Long> expectedOffsets, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        List<EventRecord> applied = database.inTransaction(connection -> {
            try (Statement bounds = connection.createStatement()) {
                bounds.execute(boundWaits);
            }
            List<RejectedRecord> deadLettered = new ArrayList<>(rejected);
            List<EventRecord> written = new ArrayList<>(events.size());
            // An erasure or a purge changes what the events after it become: the events between them are applied in runs.
            List<EventRecord> run = new ArrayList<>(events.size());
            for (EventRecord event : events) {
                if (isLifecycle(event.event())) {
                    written.addAll(applyRun(connection, run, deadLettered));
                    run.clear();
                    if (applyLifecycle(connection, consumerGroup, event, deadLettered)) {
                        written.add(event);
                    }
                } else {
                    run.add(event);
                }
            }
            written.addAll(applyRun(connection, run, deadLettered));
            offsets.advance(consumerGroup, expectedOffsets, nextOffsets);
            if (!deadLettered.isEmpty()) {
                // Dead letters are acknowledged before the offsets commit: a crash in between
                // repeats a dead letter, it never loses one.
                deadLetters.publish(deadLettered);
            }
            return written;
        });
        // Only now, committed, are the events readable through the API; live subscribers may hear of them.
        appliedEvents.applied(applied.stream().map(EventRecord::event).toList());
        return applied;
    }

    private static boolean isLifecycle(ConversationEvent event) {
        return event.getPayload() instanceof UserErased || event.getPayload() instanceof ConversationPurged;
    }

    /**
     * Applies events that are neither erasures nor purges: those of their conversation's tenant, of conversations not
     * purged, with erased users' identities replaced. Returns those written.
     */
    private List<EventRecord> applyRun(Connection connection, List<EventRecord> events, List<RejectedRecord> deadLettered)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        List<EventRecord> admitted = notPurged(connection, admitted(connection, events, deadLettered));
        List<ConversationEvent> kept = erasedUsers.rewrite(connection, admitted.stream().map(EventRecord::event).toList());
        if (kept.size() != admitted.size()) {
            Set<ConversationEvent> keep = Collections.newSetFromMap(new IdentityHashMap<>());
            keep.addAll(kept);
            admitted = admitted.stream().filter(event -> keep.contains(event.event())).toList();
        }
        if (applyAll(connection, admitted)) {
            return admitted;
        }
        List<RejectedRecord> failed = applyEachWithSavepoint(connection, admitted);
        deadLettered.addAll(failed);
        return admitted.stream().filter(e -> failed.stream().noneMatch(f -> f.record() == e.source())).toList();
    }

    /** The events whose conversation is not purged; the others are dropped without a dead letter: they are not wrong. */
    private List<EventRecord> notPurged(Connection connection, List<EventRecord> events) throws SQLException {
        boolean[] purged = purgedConversations.purged(connection, events.stream().map(EventRecord::event).toList());
        List<EventRecord> kept = new ArrayList<>(events.size());
        for (int i = 0; i < purged.length; i++) {
            if (purged[i]) {
                LOG.debug("Ignored {} of purged conversation {}", EventTypes.of(events.get(i).event()),
                        events.get(i).event().getConversationId());
            } else {
                kept.add(events.get(i));
            }
        }
        return kept;
    }

    /**
     * Applies an erasure (to every conversation of its tenant) or a purge (of a conversation of the purge's tenant) in
     * a savepoint; one the database refuses for its data is dead-lettered. Returns whether it was applied.
     */
    private boolean applyLifecycle(Connection connection, String consumerGroup, EventRecord record,
                                   List<RejectedRecord> deadLettered)
            throws SQLException {
        ConversationEvent event = record.event();
        Savepoint before = connection.setSavepoint();
        try {
            if (event.getPayload() instanceof UserErased erased) {
                writer.erase(connection, erasedUsers.record(connection, consumerGroup, event, erased));
            } else if (!admitted(connection, List.of(record), deadLettered).isEmpty()) {
                purgedConversations.record(connection, event.getConversationId(), event.getOccurredAt());
                writer.purge(connection, event.getConversationId());
            } else {
                return false;
            }
            connection.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (DatabaseFailure.of(e) == DatabaseFailure.TRANSIENT) {
                throw e;
            }
            connection.rollback(before);
            deadLettered.add(new RejectedRecord(record.source(), RejectedRecord.REJECTED_BY_DATABASE,
                    "SQLSTATE " + DatabaseFailure.sqlState(e) + ": " + e.getMessage()));
            return false;
        }
    }

    /** The events of their conversation's tenant; the others go to {@code deadLettered}. */
    private List<EventRecord> admitted(Connection connection, List<EventRecord> events, List<RejectedRecord> deadLettered)
            throws SQLException {
        if (tenants == null || events.isEmpty()) {
            return events;
        }
        boolean[] strangers = tenants.strangers(connection, events.stream().map(EventRecord::event).toList());
        List<EventRecord> admitted = new ArrayList<>(events.size());
        for (int i = 0; i < strangers.length; i++) {
            EventRecord event = events.get(i);
            if (strangers[i]) {
                String tenant = event.event().getTenant();
                deadLettered.add(new RejectedRecord(event.source(), DeadLetterReasons.TENANT_MISMATCH, "Conversation "
                        + event.event().getConversationId() + " belongs to another tenant than this event's ("
                        + (tenant == null ? "the default tenant" : "tenant " + tenant)
                        + "): an event never reaches into another tenant's conversation"));
            } else {
                admitted.add(event);
            }
        }
        return admitted;
    }

    private boolean applyAll(Connection connection, List<EventRecord> events) throws SQLException {
        Savepoint start = connection.setSavepoint();
        try {
            writer.apply(connection, events.stream().map(EventRecord::event).toList());
            return true;
        } catch (SQLException e) {
            if (DatabaseFailure.of(e) == DatabaseFailure.TRANSIENT) {
                throw e;
            }
            LOG.warn("Batch of {} events rejected by PostgreSQL ({} {}); applying one by one", events.size(),
                    DatabaseFailure.sqlState(e), e.getMessage());
            connection.rollback(start);
            return false;
        }
    }

    private List<RejectedRecord> applyEachWithSavepoint(Connection connection, List<EventRecord> events) throws SQLException {
        List<RejectedRecord> failed = new ArrayList<>();
        for (EventRecord event : events) {
            Savepoint beforeEvent = connection.setSavepoint();
            try (var conversation = MDC.putCloseable(LogContext.CONVERSATION_ID, event.event().getConversationId());
                 var eventId = MDC.putCloseable(LogContext.EVENT_ID, event.event().getEventId())) {
                try {
                    writer.apply(connection, List.of(event.event()));
                    connection.releaseSavepoint(beforeEvent);
                } catch (SQLException e) {
                    if (DatabaseFailure.of(e) == DatabaseFailure.TRANSIENT) {
                        throw e;
                    }
                    connection.rollback(beforeEvent);
                    LOG.warn("{} rejected by PostgreSQL ({}): {}", EventTypes.of(event.event()),
                            DatabaseFailure.sqlState(e), e.getMessage());
                    failed.add(new RejectedRecord(event.source(), RejectedRecord.REJECTED_BY_DATABASE,
                            "SQLSTATE " + DatabaseFailure.sqlState(e) + ": " + e.getMessage()));
                }
            }
        }
        return failed;
    }

}
