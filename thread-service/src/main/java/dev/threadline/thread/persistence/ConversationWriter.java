package dev.threadline.thread.persistence;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Participant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes conversation events into the read model, inside the caller's transaction. Every
 * statement is idempotent or guarded, and times come from the events, never the clock, so
 * applying the same events again leaves the same rows.
 *
 * <p>Message before start: any event creates its conversation as a placeholder (kind
 * {@code custom}, {@code started_at} null) if it does not exist yet; the first
 * {@code ConversationStarted} then fills in the descriptive fields and keeps the counters.
 */
@Singleton
public class ConversationWriter implements BatchWriter {

    private static final String START = """
            INSERT INTO conversations (id, tenant, kind, title, status, priority, created_by, attributes, model,
                                       context_window, tags, started_at, resolved_at, created_at, updated_at)
            VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                tenant = EXCLUDED.tenant, kind = EXCLUDED.kind, title = EXCLUDED.title, status = EXCLUDED.status,
                priority = EXCLUDED.priority, created_by = EXCLUDED.created_by,
                attributes = EXCLUDED.attributes || conversations.attributes, model = EXCLUDED.model,
                context_window = EXCLUDED.context_window, tags = EXCLUDED.tags, started_at = EXCLUDED.started_at,
                resolved_at = EXCLUDED.resolved_at, created_at = LEAST(conversations.created_at, EXCLUDED.created_at),
                updated_at = GREATEST(conversations.updated_at, EXCLUDED.updated_at)
            WHERE conversations.started_at IS NULL""";

    private final JsonColumns json;
    private final ConversationUpdates updates;
    private final MessageBulkWriter messages;

    public ConversationWriter(JsonColumns json, ConversationUpdates updates, MessageBulkWriter messages) {
        this.json = json;
        this.updates = updates;
        this.messages = messages;
    }

    /**
     * Applies events in each conversation's order. Conversations are independent of each other, so a batch is applied
     * in rounds: first every conversation's leading posted messages, inserted as one run across conversations, then
     * every conversation's next events of other kinds, one by one; and again, until the batch is done. A realistic
     * stream mixes status changes, read receipts and starts into the messages (a fifth of the events): applied strictly
     * in arrival order, they cut a batch into runs of a few messages, each paying the whole run statement.
     */
    @Override
    public void apply(Connection connection, List<ConversationEvent> events) throws SQLException {
        Map<String, ArrayDeque<ConversationEvent>> pending = new LinkedHashMap<>();
        for (ConversationEvent event : events) {
            pending.computeIfAbsent(event.getConversationId(), id -> new ArrayDeque<>()).add(event);
        }
        List<ConversationEvent> run = new ArrayList<>();
        while (!pending.isEmpty()) {
            for (ArrayDeque<ConversationEvent> conversation : pending.values()) {
                while (!conversation.isEmpty() && isMessage(conversation.peekFirst())) {
                    run.add(conversation.pollFirst());
                }
            }
            flush(connection, run);
            for (Iterator<ArrayDeque<ConversationEvent>> conversations = pending.values().iterator(); conversations.hasNext(); ) {
                ArrayDeque<ConversationEvent> conversation = conversations.next();
                while (!conversation.isEmpty() && !isMessage(conversation.peekFirst())) {
                    applyOne(connection, conversation.pollFirst());
                }
                if (conversation.isEmpty()) {
                    conversations.remove();
                }
            }
        }
    }

    private static boolean isMessage(ConversationEvent event) {
        return event.getPayload() instanceof MessagePosted;
    }

    private void applyOne(Connection connection, ConversationEvent event) throws SQLException {
        if (event.getPayload() instanceof ConversationStarted started) {
            start(connection, event, started);
        } else {
            updates.apply(connection, event);
        }
    }

    private void flush(Connection connection, List<ConversationEvent> run) throws SQLException {
        if (!run.isEmpty()) {
            messages.insert(connection, run);
            run.clear();
        }
    }

    private void start(Connection connection, ConversationEvent event, ConversationStarted started) throws SQLException {
        Timestamp at = Timestamp.from(event.getOccurredAt());
        try (PreparedStatement upsert = connection.prepareStatement(START)) {
            int i = 0;
            upsert.setString(++i, event.getConversationId());
            upsert.setString(++i, event.getTenant());
            upsert.setString(++i, started.getKind().name());
            upsert.setString(++i, started.getTitle());
            upsert.setString(++i, started.getStatus().name());
            upsert.setString(++i, started.getPriority().name());
            upsert.setString(++i, event.getActor().getId());
            upsert.setString(++i, json.write(started.getAttributes()));
            upsert.setString(++i, started.getModel());
            upsert.setObject(++i, started.getContextWindow());
            upsert.setArray(++i, connection.createArrayOf("text", started.getTags().toArray()));
            upsert.setTimestamp(++i, at);
            upsert.setTimestamp(++i, "resolved".equals(started.getStatus().name()) ? at : null);
            upsert.setTimestamp(++i, at);
            upsert.setTimestamp(++i, at);
            upsert.executeUpdate();
        }
        for (Participant participant : started.getParticipants()) {
            updates.join(connection, event.getConversationId(), participant, event.getOccurredAt());
        }
    }
}
