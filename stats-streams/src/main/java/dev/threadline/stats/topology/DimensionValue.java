package dev.threadline.stats.topology;

import dev.threadline.analytics.Dimension;
import io.micronaut.core.annotation.Nullable;
import java.util.Objects;

/**
 * One group of conversations the aggregates are kept for, always within one tenant: a dimension and its value, e.g.
 * {@code kind|support}, {@code priority|high}, or {@code all|all} for every conversation — of the default tenant. In a
 * named tenant the same groups are {@code kind|support|acme}, {@code priority|high|acme}, and {@code tenant|acme} for
 * all of its conversations. No group spans tenants, so a tenant's operators read only their own.
 *
 * @param tenant the tenant the group is within, null for the default tenant; for the dimension {@code tenant}, its value
 */
public record DimensionValue(Dimension dimension, String value, @Nullable String tenant) {

    /** Every conversation of the default tenant. */
    public static final DimensionValue ALL = new DimensionValue(Dimension.all, "all");

    static final char SEPARATOR = '|';

    public DimensionValue {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(value, "value");
        tenant = dimension == Dimension.tenant ? value : tenant == null || tenant.isEmpty() ? null : tenant;
    }

    /** A group of the default tenant, or with the dimension {@code tenant}, all of that tenant. */
    public DimensionValue(Dimension dimension, String value) {
        this(dimension, value, null);
    }

    /** This group within {@code tenant} (null or empty: the default tenant); {@code all} of a tenant is the tenant's group. */
    public DimensionValue within(@Nullable String tenant) {
        if (tenant == null || tenant.isEmpty() || dimension == Dimension.tenant) {
            return this;
        }
        return dimension == Dimension.all ? new DimensionValue(Dimension.tenant, tenant) : new DimensionValue(dimension, value, tenant);
    }

    /**
     * {@code dimension|value}, then {@code |tenant} for a kind or priority group of a named tenant: the key of status
     * counts and the tail of a series key. Kinds and priorities never contain the separator, so the key reads back.
     */
    public String key() {
        String key = dimension.name() + SEPARATOR + value;
        return tenant == null || dimension == Dimension.tenant ? key : key + SEPARATOR + tenant;
    }

    /** What the {@link #key()} of every group of {@code dimension} starts with, of every tenant. */
    public static String prefixOf(Dimension dimension) {
        return dimension.name() + SEPARATOR;
    }

    /** Reads a {@link #key()}; a tenant's name may itself contain the separator. */
    public static DimensionValue parse(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("Not a dimension key: " + key);
        }
        Dimension dimension = Dimension.valueOf(key.substring(0, at));
        String rest = key.substring(at + 1);
        int tenantAt = dimension == Dimension.kind || dimension == Dimension.priority ? rest.indexOf(SEPARATOR) : -1;
        return tenantAt < 0 ? new DimensionValue(dimension, rest)
                : new DimensionValue(dimension, rest.substring(0, tenantAt), rest.substring(tenantAt + 1));
    }
}
