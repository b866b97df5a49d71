package dev.threadline.thread.projection;

import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.JsonColumns;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The statements of the events that change an existing conversation, participant or message in place.
 * Each is one guarded UPDATE or upsert, so applying it twice has the effect of applying it once; the
 * {@link ConversationWriter} runs them, many conversations' at a time.
 */
@Singleton
public class ConversationUpdates {

    private static final String ENSURE_CONVERSATION = """
            INSERT INTO conversations (id, tenant, created_at, updated_at) VALUES (?::uuid, COALESCE(?, ''), ?, ?)
            ON CONFLICT (id) DO NOTHING""";

    private static final String JOIN = """
            INSERT INTO participants (conversation_id, user_id, role, joined_at, last_message_at, tenant)
            SELECT c.id, ?, ?, ?, c.last_message_at, c.tenant FROM conversations c WHERE c.id = ?::uuid
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = EXCLUDED.role, left_at = NULL""";

    private static final String LEAVE = """
            UPDATE participants SET left_at = ? WHERE conversation_id = ?::uuid AND user_id = ? AND left_at IS NULL""";

    // A move out of resolved is a reopen; resolved_at holds the time of the current resolution.
    private static final String STATUS = """
            UPDATE conversations SET
                reopen_count = reopen_count + (status = 'resolved' AND ? <> 'resolved')::int,
                resolved_at = CASE WHEN ? = 'resolved' THEN COALESCE(CASE WHEN status = 'resolved' THEN resolved_at END, ?)
                                   ELSE NULL END,
                status = ?,
                updated_at = GREATEST(updated_at, ?)
            WHERE id = ?::uuid""";

    private static final String PRIORITY = """
            UPDATE conversations SET priority = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ?::uuid""";

    private static final String DESCRIBE = """
            UPDATE conversations SET
                title = COALESCE(?, title), summary = COALESCE(?, summary),
                key_topics = COALESCE(?, key_topics), tags = COALESCE(?, tags),
                attributes = attributes || COALESCE(?::jsonb, '{}'::jsonb),
                updated_at = GREATEST(updated_at, ?)
            WHERE id = ?::uuid""";

    private static final String FLAG = """
            UPDATE participants SET
                archived = COALESCE(?, archived), pinned = COALESCE(?, pinned),
                favorited = COALESCE(?, favorited), muted = COALESCE(?, muted)
            WHERE conversation_id = ?::uuid AND user_id = ?""";

    private static final String READ = """
            UPDATE participants p SET
                last_read_seq = GREATEST(p.last_read_seq, COALESCE(?,
                    (SELECT m.seq FROM messages m WHERE m.id = ?::uuid AND m.conversation_id = p.conversation_id), 0)),
                last_read_at = GREATEST(p.last_read_at, ?)
            WHERE p.conversation_id = ?::uuid AND p.user_id = ?""";

    // The last parameter is the author the message must have (see author), null when anyone may.
    private static final String EDIT = """
            UPDATE messages SET content = ?, edited_at = GREATEST(edited_at, ?)
            WHERE id = ?::uuid AND conversation_id = ?::uuid AND sender_id IS NOT DISTINCT FROM COALESCE(?, sender_id)""";

    private static final String DELETE_MESSAGE = """
            UPDATE messages SET deleted_at = COALESCE(deleted_at, ?)
            WHERE id = ?::uuid AND conversation_id = ?::uuid AND sender_id IS NOT DISTINCT FROM COALESCE(?, sender_id)""";

    private static final String DELETE_CONVERSATION = """
            UPDATE conversations SET deleted_at = COALESCE(deleted_at, ?) WHERE id = ?::uuid""";

    private final JsonColumns json;

    public ConversationUpdates(JsonColumns json) {
        this.json = json;
    }

    /**
     * The statements of one in-place change, to run in order; the conversation must exist ({@link #ensureConversation}).
     * Text arrays are given as {@code String[]}.
     */
    public List<BoundSql> statements(ConversationEvent event) {
        String id = event.getConversationId();
        Timestamp at = Timestamp.from(event.getOccurredAt());
        return switch (event.getPayload()) {
            case StatusChanged e -> {
                String status = e.getStatus().name();
                yield List.of(bound(STATUS, status, status, at, status, at, id));
            }
            case PriorityChanged e -> List.of(bound(PRIORITY, e.getPriority().name(), at, id));
            case ParticipantAdded e -> List.of(join(id, e.getParticipant(), event.getOccurredAt()));
            case ParticipantRemoved e -> List.of(bound(LEAVE, at, id, e.getUserId()));
            case ConversationUpdated e -> List.of(bound(DESCRIBE, e.getTitle(), e.getSummary(),
                    textArray(e.getKeyTopics()), textArray(e.getTags()), json.write(e.getAttributes()), at, id));
            case ConversationFlagged e -> List.of(bound(FLAG, e.getArchived(), e.getPinned(), e.getFavorited(),
                    e.getMuted(), id, e.getUserId()));
            case MessagesRead e -> List.of(bound(READ, e.getUpToSeq(), e.getUpToMessageId(), at, id, e.getUserId()));
            case MessageEdited e -> List.of(bound(EDIT, e.getContent(), at, e.getMessageId(), id, author(event)));
            case MessageDeleted e -> List.of(bound(DELETE_MESSAGE, at, e.getMessageId(), id, author(event)));
            case ConversationDeleted e -> List.of(bound(DELETE_CONVERSATION, at, id));
            default -> throw new IllegalArgumentException("Not an update event: " + event.getPayload().getClass().getName());
        };
    }

    /**
     * Who must have written the message an edit or delete names: its actor, when that is a participant acting for
     * themself (a user, an agent, an assistant); null when an admin or the system acts, who may change anyone's. An
     * edit or delete of someone else's message changes nothing. A sender-less message (a system one) is no
     * participant's: only an admin or the system may change it.
     */
    private static String author(ConversationEvent event) {
        Role role = event.getActor() == null ? Role.system : event.getActor().getRole();
        if (role == Role.admin || role == Role.system) {
            return null;
        }
        String actor = event.getActor().getId();
        return actor == null ? "" : actor;
    }

    /** Creates the conversation as a placeholder if no event created it yet. */
    public BoundSql ensureConversation(ConversationEvent event) {
        Timestamp at = Timestamp.from(event.getOccurredAt());
        return bound(ENSURE_CONVERSATION, event.getConversationId(), event.getTenant(), at, at);
    }

    /** Adds a participant, or brings back one who left. */
    public BoundSql join(String conversationId, Participant participant, Instant at) {
        return bound(JOIN, participant.getUserId(), participant.getRole().name(), Timestamp.from(at), conversationId);
    }

    private static String[] textArray(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static BoundSql bound(String sql, Object... parameters) {
        return new BoundSql(sql, Arrays.asList(parameters));
    }
}
