package dev.threadline.thread.persistence;

import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;

/**
 * The conversations a read may see: those of one tenant, and of those only the ones {@code participant} is or was in
 * when it is set (a user's own). The default tenant, of tokens and events without one, is stored as {@code ''}.
 * {@link #UNRESTRICTED} sees every tenant's: it is the scope of requests when authentication is off.
 *
 * <p>Shared between the queries, which read within a scope, and the projection, whose {@code ConversationTenants}
 * stores and compares tenants by {@link #stored}, the rule the scopes are matched with.
 *
 * @param tenant      the tenant whose conversations are seen, null for every tenant
 * @param participant only conversations this user is or was a participant of, null for all of the tenant's
 */
public record ReadScope(@Nullable String tenant, @Nullable String participant) {

    public static final ReadScope UNRESTRICTED = new ReadScope(null, null);

    /**
     * The condition that conversation {@code c} is in scope; its parameters are {@link #parameters()}. For statements
     * that look one conversation up by id: the primary key finds the row, this only checks it (and one participant
     * row, by primary key too).
     */
    public static final String VISIBLE = """
            c.tenant = COALESCE(?, c.tenant)
            AND (?::text IS NULL OR EXISTS (SELECT 1 FROM participants v WHERE v.conversation_id = c.id AND v.user_id = ?))""";

    /** Every conversation of {@code tenant} (null: the default tenant). */
    public static ReadScope tenant(@Nullable String tenant) {
        return new ReadScope(stored(tenant), null);
    }

    /** The conversations of {@code tenant} that {@code userId} is or was a participant of. */
    public static ReadScope participant(@Nullable String tenant, String userId) {
        return new ReadScope(stored(tenant), userId);
    }

    /** How a tenant is stored: the default tenant (null) as {@code ''}. */
    public static String stored(@Nullable String tenant) {
        return tenant == null ? "" : tenant;
    }

    /** The values of the {@code ?} of {@link #VISIBLE}, in order. */
    public List<Object> parameters() {
        return Arrays.asList(tenant, participant, participant);
    }

    /** Adds to a statement over conversations {@code c} the condition that {@code c} is in this tenant, if one is set. */
    public void tenantOf(BoundSql.Builder sql, String column) {
        if (tenant != null) {
            sql.add(" AND " + column + " = ?", tenant);
        }
    }
}
