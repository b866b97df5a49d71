package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.JsonColumns;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes conversation events into the read model, inside the caller's transaction. Every
 * statement is idempotent or guarded, and times come from the events, never the clock, so
 * applying the same events again leaves the same rows.
 *
 * <p>Message before start: any event creates its conversation as a placeholder (kind
 * {@code custom}, {@code started_at} null) if it does not exist yet; the first
 * {@code ConversationStarted} then fills in the descriptive fields and keeps the counters. A
 * message earlier than the start (by its event time) is not a response: {@code first_response_at}
 * is the first agent's or admin's message at or after {@code started_at}, taken again from the
 * stored messages when the start arrives after them.
 */
@Singleton
public class ConversationWriter implements BatchWriter {

    private static final String START = """
            INSERT INTO conversations (id, tenant, kind, title, status, priority, created_by, attributes, model,
                                       context_window, tags, started_at, resolved_at, created_at, updated_at)
            VALUES (?::uuid, COALESCE(?, ''), ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                kind = EXCLUDED.kind, title = EXCLUDED.title, status = EXCLUDED.status,
                priority = EXCLUDED.priority, created_by = EXCLUDED.created_by,
                attributes = EXCLUDED.attributes || conversations.attributes, model = EXCLUDED.model,
                context_window = EXCLUDED.context_window, tags = EXCLUDED.tags, started_at = EXCLUDED.started_at,
                resolved_at = EXCLUDED.resolved_at, created_at = LEAST(conversations.created_at, EXCLUDED.created_at),
                updated_at = GREATEST(conversations.updated_at, EXCLUDED.updated_at),
                first_response_at = (SELECT min(m.created_at) FROM messages m
                                     WHERE m.conversation_id = conversations.id AND m.sender_role IN ('agent', 'admin')
                                       AND m.created_at >= EXCLUDED.started_at AND m.deleted_at IS NULL)
            WHERE conversations.started_at IS NULL""";

    // An erasure (docs/lifecycle.md): the user's messages and the conversations they created keep the replacement; the
    // user's participant rows go, with their flags and read horizons.
    private static final String ERASE_SENDER = """
            UPDATE messages m SET sender_id = ?, content = CASE WHEN ? THEN ? ELSE m.content END
            FROM conversations c
            WHERE m.sender_id = ANY (?) AND c.id = m.conversation_id AND c.tenant = ?
            RETURNING m.conversation_id::text""";

    private static final String REDACT_PREVIEWS = """
            UPDATE conversations c SET last_message_preview = (
                SELECT left(n.content, 140) FROM messages n WHERE n.conversation_id = c.id
                ORDER BY n.created_at DESC, n.seq DESC LIMIT 1)
            WHERE c.id = ANY (?::uuid[])""";

    private static final String ERASE_CREATOR = "UPDATE conversations SET created_by = ? WHERE tenant = ? AND created_by = ?";

    private static final String ERASE_PARTICIPANT = "DELETE FROM participants WHERE tenant = ? AND user_id = ?";

    // A purge: every row of the conversation, children first.
    private static final List<String> PURGE = List.of(
            "DELETE FROM participants WHERE conversation_id = ?::uuid",
            "DELETE FROM messages WHERE conversation_id = ?::uuid",
            "DELETE FROM conversation_sentiment WHERE conversation_id = ?::uuid",
            "DELETE FROM conversations WHERE id = ?::uuid");

    private final JsonColumns json;
    private final ConversationUpdates updates;
    private final MessageBulkWriter messages;

    public ConversationWriter(JsonColumns json, ConversationUpdates updates, MessageBulkWriter messages) {
        this.json = json;
        this.updates = updates;
        this.messages = messages;
    }

    /**
     * Applies events with the effect of applying them one by one in each conversation's order. Conversations are
     * independent of each other, so a batch is applied in rounds across all of them: each conversation's leading events
     * of other kinds; then its posted messages, inserted as one run for all conversations, up to its next event that
     * must keep its place among the messages; then the events of other kinds met on the way; and again, until the batch
     * is done. Events of other kinds go in layers (the first of each conversation's, then the second, ...), each
     * statement text of a layer as one JDBC batch.
     *
     * <p>A realistic stream mixes status changes, read receipts and starts into the messages (a fifth of the events):
     * applied strictly in arrival order, they cut a batch into runs of a few messages, each paying the whole run
     * statement, and one statement at a time, each paid a round trip. Most of them commute with posting a message
     * ({@link #placeAmongMessages}), so a batch usually needs one or two runs.
     */
    @Override
    public void apply(Connection connection, List<ConversationEvent> events) throws SQLException {
        Map<String, ArrayDeque<Queued>> pending = queue(events);
        // Conversations whose row this transaction has already created or seen: no placeholder insert for them.
        Set<String> present = new HashSet<>();
        while (!pending.isEmpty()) {
            Map<String, ArrayDeque<ConversationEvent>> leading = new LinkedHashMap<>();
            Map<String, ArrayDeque<ConversationEvent>> metOnTheWay = new LinkedHashMap<>();
            List<ConversationEvent> run = new ArrayList<>();
            for (Map.Entry<String, ArrayDeque<Queued>> conversation : pending.entrySet()) {
                ArrayDeque<Queued> queue = conversation.getValue();
                while (!queue.isEmpty() && queue.peekFirst().place() != Place.MESSAGE) {
                    leading.computeIfAbsent(conversation.getKey(), id -> new ArrayDeque<>()).add(queue.pollFirst().event());
                }
                while (!queue.isEmpty() && queue.peekFirst().place() != Place.KEEPS_ITS_PLACE) {
                    Queued next = queue.pollFirst();
                    if (next.place() == Place.MESSAGE) {
                        run.add(next.event());
                    } else {
                        metOnTheWay.computeIfAbsent(conversation.getKey(), id -> new ArrayDeque<>()).add(next.event());
                    }
                }
            }
            applyInLayers(connection, leading, present);
            if (!run.isEmpty()) {
                messages.insert(connection, run);
                run.forEach(message -> present.add(message.getConversationId()));
            }
            applyInLayers(connection, metOnTheWay, present);
            pending.values().removeIf(ArrayDeque::isEmpty);
        }
    }

    @Override
    public void erase(Connection connection, ErasedUsers.Erasure erasure) throws SQLException {
        Set<String> touched = new HashSet<>();
        // Once per erasure and projection: at its later copies no message of the user is left.
        if (erasure.sweep()) {
            try (PreparedStatement senders = connection.prepareStatement(ERASE_SENDER)) {
                senders.setString(1, erasure.replacement());
                senders.setBoolean(2, erasure.redact());
                senders.setString(3, ErasedUsers.REDACTED);
                senders.setArray(4, connection.createArrayOf("text", erasure.senders()));
                senders.setString(5, erasure.tenant());
                try (ResultSet row = senders.executeQuery()) {
                    while (row.next()) {
                        touched.add(row.getString(1));
                    }
                }
            }
        }
        if (erasure.redact() && !touched.isEmpty()) {
            executeBatch(connection, REDACT_PREVIEWS, List.of(List.of((Object) touched.toArray(String[]::new))));
        }
        executeBatch(connection, ERASE_CREATOR, List.of(Arrays.asList(erasure.replacement(), erasure.tenant(), erasure.userId())));
        executeBatch(connection, ERASE_PARTICIPANT, List.of(List.of(erasure.tenant(), erasure.userId())));
    }

    @Override
    public void purge(Connection connection, String conversationId) throws SQLException {
        for (String statement : PURGE) {
            executeBatch(connection, statement, List.of(List.of(conversationId)));
        }
    }

    /** Where an event may go relative to the posted messages of its conversation in the same batch. */
    private enum Place {
        /** A posted message: goes into a run. */
        MESSAGE,
        /** Has the same effect before or after any posted message of its conversation: may wait for the run. */
        COMMUTES,
        /** Must be applied between the messages before it and those after it. */
        KEEPS_ITS_PLACE
    }

    private record Queued(ConversationEvent event, Place place) {
    }

    /**
     * A start or a new participant keeps its place: a participant's row exists only from then on, and a message
     * posted before it by that participant leaves its read horizon alone. So does a read receipt, edit or delete that
     * names a message posted later in the batch: before that message exists it changes nothing. Everything else
     * commutes with posting a message: status, priority, descriptive fields, flags, a participant leaving, a deleted
     * conversation and the other reads, edits and deletes touch columns a message run does not, or move the same
     * column with {@code GREATEST} as the run does.
     */
    private static Place placeAmongMessages(ConversationEvent event, int position, Map<String, Integer> lastPosted) {
        Object payload = event.getPayload();
        if (payload instanceof MessagePosted) {
            return Place.MESSAGE;
        }
        if (payload instanceof ConversationStarted || payload instanceof ParticipantAdded) {
            return Place.KEEPS_ITS_PLACE;
        }
        String namedMessage = switch (payload) {
            case MessagesRead read -> read.getUpToSeq() == null ? read.getUpToMessageId() : null;
            case MessageEdited edited -> edited.getMessageId();
            case MessageDeleted deleted -> deleted.getMessageId();
            default -> null;
        };
        boolean postedLater = namedMessage != null
                && lastPosted.getOrDefault(event.getConversationId() + '/' + namedMessage, -1) > position;
        return postedLater ? Place.KEEPS_ITS_PLACE : Place.COMMUTES;
    }

    private static Map<String, ArrayDeque<Queued>> queue(List<ConversationEvent> events) {
        Map<String, Integer> lastPosted = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getPayload() instanceof MessagePosted posted) {
                lastPosted.put(events.get(i).getConversationId() + '/' + posted.getMessageId(), i);
            }
        }
        Map<String, ArrayDeque<Queued>> pending = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            ConversationEvent event = events.get(i);
            pending.computeIfAbsent(event.getConversationId(), id -> new ArrayDeque<>())
                    .add(new Queued(event, placeAmongMessages(event, i, lastPosted)));
        }
        return pending;
    }

    /** Applies each conversation's events in order, in layers: the first of every conversation's, then the second, .... */
    private void applyInLayers(Connection connection, Map<String, ArrayDeque<ConversationEvent>> byConversation,
                               Set<String> present) throws SQLException {
        while (!byConversation.isEmpty()) {
            List<ConversationEvent> layer = new ArrayList<>(byConversation.size());
            for (ArrayDeque<ConversationEvent> conversation : byConversation.values()) {
                layer.add(conversation.pollFirst());
            }
            applyLayer(connection, layer, present);
            byConversation.values().removeIf(ArrayDeque::isEmpty);
        }
    }

    /**
     * Applies events of different conversations together: each event's statements run in order, and the n-th
     * statements of all of them run as one JDBC batch per statement text (one round trip), as they touch no row in
     * common.
     */
    private void applyLayer(Connection connection, List<ConversationEvent> layer, Set<String> present) throws SQLException {
        List<List<BoundSql>> plans = new ArrayList<>(layer.size());
        int phases = 0;
        for (ConversationEvent event : layer) {
            List<BoundSql> plan = new ArrayList<>(3);
            if (event.getPayload() instanceof ConversationStarted started) {
                plan.add(start(event, started));
                for (Participant participant : started.getParticipants()) {
                    plan.add(updates.join(event.getConversationId(), participant, event.getOccurredAt()));
                }
            } else {
                if (!present.contains(event.getConversationId())) {
                    plan.add(updates.ensureConversation(event));
                }
                plan.addAll(updates.statements(event));
            }
            present.add(event.getConversationId());
            plans.add(plan);
            phases = Math.max(phases, plan.size());
        }
        for (int phase = 0; phase < phases; phase++) {
            Map<String, List<List<Object>>> bySql = new LinkedHashMap<>();
            for (List<BoundSql> plan : plans) {
                if (phase < plan.size()) {
                    BoundSql statement = plan.get(phase);
                    bySql.computeIfAbsent(statement.sql(), sql -> new ArrayList<>()).add(statement.parameters());
                }
            }
            for (Map.Entry<String, List<List<Object>>> statements : bySql.entrySet()) {
                executeBatch(connection, statements.getKey(), statements.getValue());
            }
        }
    }

    private static void executeBatch(Connection connection, String sql, List<List<Object>> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (List<Object> parameters : rows) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object value = parameters.get(i);
                    statement.setObject(i + 1, value instanceof String[] texts ? connection.createArrayOf("text", texts) : value);
                }
                if (rows.size() == 1) {
                    statement.executeUpdate();
                } else {
                    statement.addBatch();
                }
            }
            if (rows.size() > 1) {
                statement.executeBatch();
            }
        }
    }

    private BoundSql start(ConversationEvent event, ConversationStarted started) {
        Timestamp at = Timestamp.from(event.getOccurredAt());
        return new BoundSql(START, Arrays.asList(event.getConversationId(), event.getTenant(), started.getKind().name(),
                started.getTitle(), started.getStatus().name(), started.getPriority().name(), event.getActor().getId(),
                json.write(started.getAttributes()), started.getModel(), started.getContextWindow(),
                started.getTags().toArray(String[]::new), at, "resolved".equals(started.getStatus().name()) ? at : null,
                at, at));
    }
}
