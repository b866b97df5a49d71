package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import dev.threadline.thread.persistence.ReadScope;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps every conversation in the tenant it began in. The ingest service stamps each event with its caller's tenant,
 * but conversation ids come from callers: a caller of one tenant who learns another tenant's conversation id could
 * otherwise post into it, or read its participants' rows through their own. A conversation's tenant is that of the
 * first event that created its row; an event of another tenant is refused (the projection dead-letters it).
 */
@Singleton
public class ConversationTenants {

    static final String TENANTS = "SELECT id::text AS id, tenant FROM conversations WHERE id = ANY (?::uuid[])";

    /**
     * For each event, in order, whether it belongs to another tenant than its conversation: the stored one, or for a
     * conversation not stored yet the tenant of its first event in {@code events}. One primary-key lookup per batch.
     */
    public boolean[] strangers(Connection connection, List<ConversationEvent> events) throws SQLException {
        String[] ids = events.stream().map(event -> canonical(event.getConversationId())).toArray(String[]::new);
        Map<String, String> tenants = stored(connection, ids);
        boolean[] strangers = new boolean[events.size()];
        for (int i = 0; i < strangers.length; i++) {
            if (ids[i] != null) {
                String tenant = ReadScope.stored(events.get(i).getTenant());
                strangers[i] = !Objects.equals(tenants.computeIfAbsent(ids[i], first -> tenant), tenant);
            }
        }
        return strangers;
    }

    private static Map<String, String> stored(Connection connection, String[] canonicalIds) throws SQLException {
        Object[] ids = Arrays.stream(canonicalIds).filter(Objects::nonNull).distinct().toArray();
        Map<String, String> tenants = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(TENANTS)) {
            select.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    tenants.put(row.getString("id"), row.getString("tenant"));
                }
            }
        }
        return tenants;
    }

    /** The id as PostgreSQL prints a uuid; null if it is none (the writer refuses such an event on its own). */
    static String canonical(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
