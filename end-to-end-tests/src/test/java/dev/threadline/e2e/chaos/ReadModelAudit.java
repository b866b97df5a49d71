package dev.threadline.e2e.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks thread-service's PostgreSQL against the ledger: every acknowledged message stored exactly once, every
 * acknowledged conversation started, counters, {@code last_message_at} and read horizons equal to a recount from the
 * messages table, and which unacknowledged messages were stored anyway. Only this run's conversations are looked at.
 */
public final class ReadModelAudit {

    /** What the database holds of this run. */
    public record Findings(long storedMessages, long lostMessages, long duplicatedMessages, long lostStarts,
                    long counterDrift, long participantDrift, long readHorizonViolations,
                    Map<String, Long> unackedButStored) {
    }

    private static final int CHUNK = 20_000;

    private static final String RECOUNT_DRIFT = """
            SELECT count(*) FROM conversations c
            LEFT JOIN (SELECT conversation_id, count(*) AS n, max(seq) AS max_seq,
                              count(*) FILTER (WHERE sender_role = 'user') AS users,
                              count(*) FILTER (WHERE sender_role IN ('agent', 'admin')) AS responders,
                              count(*) FILTER (WHERE sender_role = 'assistant') AS assistants,
                              count(*) FILTER (WHERE sender_role = 'system') AS systems,
                              sum(COALESCE(tokens_used, 0)) AS tokens, max(created_at) AS last_at
                       FROM messages WHERE conversation_id = ANY(?::text[]::uuid[]) GROUP BY conversation_id) m
                   ON m.conversation_id = c.id
            WHERE c.id = ANY(?::text[]::uuid[]) AND (
                  c.message_count <> COALESCE(m.n, 0) OR c.last_seq <> COALESCE(m.max_seq, 0)
                  OR c.last_seq <> COALESCE(m.n, 0)
                  OR c.user_message_count <> COALESCE(m.users, 0) OR c.responder_message_count <> COALESCE(m.responders, 0)
                  OR c.assistant_message_count <> COALESCE(m.assistants, 0) OR c.system_message_count <> COALESCE(m.systems, 0)
                  OR c.total_tokens <> COALESCE(m.tokens, 0) OR c.last_message_at IS DISTINCT FROM m.last_at)""";

    private static final String PARTICIPANT_DRIFT = """
            SELECT count(*) FROM participants p JOIN conversations c ON c.id = p.conversation_id
            WHERE c.id = ANY(?::text[]::uuid[])
              AND (p.last_message_at IS DISTINCT FROM c.last_message_at OR p.last_read_seq > c.last_seq)""";

    private static final String READ_BEHIND = """
            SELECT count(*) FROM unnest(?::text[]::uuid[], ?::text[], ?::text[]::uuid[]) AS r(conversation_id, user_id, message_id)
            JOIN messages m ON m.conversation_id = r.conversation_id AND m.id = r.message_id
            JOIN participants p ON p.conversation_id = r.conversation_id AND p.user_id = r.user_id
            WHERE p.last_read_seq < m.seq""";

    private final String jdbcUrl;

    public ReadModelAudit(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** A message by its key: its id is unique within its conversation. */
    record MessageRef(String conversationId, String messageId) {
    }

    /** Rows of {@code messages} with one of the keys, found through the primary key (conversation_id, id). */
    private static final String STORED = """
            SELECT count(*) FROM unnest(?::text[]::uuid[], ?::text[]::uuid[]) AS k(conversation_id, id)
            JOIN messages m ON m.conversation_id = k.conversation_id AND m.id = k.id""";

    /** How many of {@code messages} are stored. */
    long stored(Collection<MessageRef> messages) throws SQLException {
        try (Connection connection = connect()) {
            return storedCount(connection, List.copyOf(messages));
        }
    }

    private static long storedCount(Connection connection, List<MessageRef> messages) throws SQLException {
        long stored = 0;
        for (int from = 0; from < messages.size(); from += CHUNK) {
            List<MessageRef> chunk = messages.subList(from, Math.min(messages.size(), from + CHUNK));
            stored += count(connection, STORED, chunk.stream().map(MessageRef::conversationId).toList(),
                    chunk.stream().map(MessageRef::messageId).toList());
        }
        return stored;
    }

    public Findings audit(Ledger ledger) throws SQLException {
        return audit(ledger.acked(), ledger.unacked());
    }

    /** The same for the commands of several ledgers together. */
    public Findings audit(List<Ledger.Acked> acked, List<Ledger.Unacked> unacked) throws SQLException {
        List<MessageRef> ackedMessages = new ArrayList<>();
        List<String> startedConversations = new ArrayList<>();
        List<String[]> reads = new ArrayList<>();
        java.util.Set<String> conversations = new java.util.HashSet<>();
        for (Ledger.Acked ack : acked) {
            conversations.add(ack.command().conversationId());
            if (ack.command().messageId() != null) {
                ackedMessages.add(new MessageRef(ack.command().conversationId(), ack.command().messageId()));
            }
            if (ack.command() instanceof ChaosCommand.Start start) {
                startedConversations.add(start.conversationId());
            }
            if (ack.command() instanceof ChaosCommand.Read read) {
                reads.add(new String[] {read.conversationId(), read.userId(), read.upToMessageId()});
            }
        }
        try (Connection connection = connect()) {
            // The primary key (conversation_id, id) holds a message once; a duplicate would be the same content
            // stored under a second seq, which the recount below catches as counter drift.
            List<MessageRef> distinctAcked = List.copyOf(new java.util.LinkedHashSet<>(ackedMessages));
            long distinctStored = storedCount(connection, distinctAcked);
            long duplicated = 0;
            long lostStarts = 0;
            for (List<String> chunk : chunks(startedConversations)) {
                lostStarts += chunk.size() - count(connection,
                        "SELECT count(*) FROM conversations WHERE id = ANY(?::text[]::uuid[]) AND started_at IS NOT NULL", chunk);
            }
            long counterDrift = 0;
            long participantDrift = 0;
            for (List<String> chunk : chunks(conversations)) {
                counterDrift += count(connection, RECOUNT_DRIFT, chunk, chunk);
                participantDrift += count(connection, PARTICIPANT_DRIFT, chunk);
            }
            long readsBehind = readsBehind(connection, reads);
            return new Findings(distinctStored + duplicated, distinctAcked.size() - distinctStored, duplicated, lostStarts,
                    counterDrift, participantDrift, readsBehind, unackedButStored(connection, unacked));
        }
    }

    /** Unacknowledged messages that are in the database anyway, by why they were not acknowledged (none: absent). */
    private static Map<String, Long> unackedButStored(Connection connection, List<Ledger.Unacked> unacked) throws SQLException {
        Map<String, List<MessageRef>> byReason = new HashMap<>();
        for (Ledger.Unacked command : unacked) {
            if (command.command().messageId() != null) {
                byReason.computeIfAbsent(command.reason(), r -> new ArrayList<>())
                        .add(new MessageRef(command.command().conversationId(), command.command().messageId()));
            }
        }
        Map<String, Long> stored = new java.util.TreeMap<>();
        for (Map.Entry<String, List<MessageRef>> reason : byReason.entrySet()) {
            long n = storedCount(connection, reason.getValue());
            if (n > 0) {
                stored.put(reason.getKey(), n);
            }
        }
        return stored;
    }

    private static long readsBehind(Connection connection, List<String[]> reads) throws SQLException {
        long behind = 0;
        for (int from = 0; from < reads.size(); from += CHUNK) {
            List<String[]> chunk = reads.subList(from, Math.min(reads.size(), from + CHUNK));
            try (PreparedStatement query = connection.prepareStatement(READ_BEHIND)) {
                for (int column = 0; column < 3; column++) {
                    int c = column;
                    query.setArray(column + 1, connection.createArrayOf("text", chunk.stream().map(r -> r[c]).toArray()));
                }
                behind += single(query);
            }
        }
        return behind;
    }

    @SafeVarargs
    private static long count(Connection connection, String sql, List<String>... arrays) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                query.setArray(i + 1, connection.createArrayOf("text", arrays[i].toArray()));
            }
            return single(query);
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = List.copyOf(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }
}
