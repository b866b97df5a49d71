package dev.threadline.stats.query;

import dev.threadline.analytics.Dimension;
import dev.threadline.stats.topology.DimensionValue;
import io.micronaut.core.annotation.Nullable;
import java.util.Objects;

/**
 * Whose aggregates a query reads: one tenant's (the caller's; null for the default tenant), or with authentication off
 * every tenant's. Groups never span tenants ({@link DimensionValue}): in a tenant, {@code all} means the tenant and a
 * kind or priority group is the tenant's own.
 *
 * @param everyTenant true without authentication: any group may be named, {@code tenant} with any value
 */
public record StatsScope(boolean everyTenant, @Nullable String tenant) {

    /** The scope of requests without authentication. */
    public static final StatsScope EVERY_TENANT = new StatsScope(true, null);

    public StatsScope {
        tenant = tenant == null || tenant.isEmpty() ? null : tenant;
    }

    /** The caller's tenant's scope. */
    public static StatsScope of(@Nullable String tenant) {
        return new StatsScope(false, tenant);
    }

    /** Whether the group {@code dimension=tenant, value=name} is another tenant's than the caller's. */
    public boolean refuses(DimensionValue asked) {
        return !everyTenant && asked.dimension() == Dimension.tenant && !Objects.equals(asked.value(), tenant);
    }

    /** The series the caller means by {@code asked}: the group within their tenant. */
    public DimensionValue group(DimensionValue asked) {
        return everyTenant ? asked : asked.within(tenant);
    }

    /** Whether a conversation of {@code conversationTenant} is the caller's to see. */
    public boolean sees(@Nullable String conversationTenant) {
        return everyTenant || Objects.equals(conversationTenant == null || conversationTenant.isEmpty() ? null
                : conversationTenant, tenant);
    }

    /** Whether the stored group is one of the groups of {@code asked} the caller reads. */
    boolean counts(DimensionValue stored, Dimension asked) {
        return switch (asked) {
            case all -> stored.equals(everyTenant ? DimensionValue.ALL : DimensionValue.ALL.within(tenant));
            case tenant -> stored.dimension() == Dimension.tenant && (everyTenant || stored.value().equals(tenant));
            case kind, priority -> stored.dimension() == asked && Objects.equals(stored.tenant(), everyTenant ? null : tenant);
        };
    }
}
