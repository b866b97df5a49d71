package dev.threadline.stats.topology;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The groups a conversation belongs to for a kind, priority and tenant — all of its tenant ({@code all|all} for the
 * default tenant, {@code tenant|T} for tenant T), then its kind and priority within its tenant where known — with the
 * series key of every metric for each, worked out once and shared by the conversation's states until one of the three
 * changes, instead of on every event and observation. No group spans tenants ({@link DimensionValue}). The default
 * tenant's groups of kinds and priorities, and their series keys, exist once for all its conversations.
 */
final class ConversationGroups {

    private static final String[] ALL_SERIES = seriesKeysOf(DimensionValue.ALL);
    private static final DimensionValue[] KINDS = groupsOf(Dimension.kind, ConversationKind.values());
    private static final String[][] KIND_SERIES = seriesKeysOf(KINDS);
    private static final DimensionValue[] PRIORITIES = groupsOf(Dimension.priority, Priority.values());
    private static final String[][] PRIORITY_SERIES = seriesKeysOf(PRIORITIES);

    /** The groups of a conversation of which nothing is known yet (declared after the tables it uses). */
    static final ConversationGroups NONE = new ConversationGroups(null, null, null);

    private final ConversationKind kind;
    private final Priority priority;
    private final String tenant;
    private final List<DimensionValue> groups;
    /** By metric ordinal, then in the order of {@link #groups}. */
    private final String[][] seriesKeys;

    private ConversationGroups(ConversationKind kind, Priority priority, String tenant) {
        this.kind = kind;
        this.priority = priority;
        this.tenant = tenant;
        List<DimensionValue> all = new ArrayList<>(3);
        List<String[]> series = new ArrayList<>(3);
        boolean defaultTenant = tenant == null || tenant.isEmpty();
        add(all, series, DimensionValue.ALL, ALL_SERIES, tenant, defaultTenant);
        if (kind != null) {
            add(all, series, KINDS[kind.ordinal()], KIND_SERIES[kind.ordinal()], tenant, defaultTenant);
        }
        if (priority != null) {
            add(all, series, PRIORITIES[priority.ordinal()], PRIORITY_SERIES[priority.ordinal()], tenant, defaultTenant);
        }
        this.groups = List.copyOf(all);
        this.seriesKeys = new String[MetricName.values().length][groups.size()];
        for (int metric = 0; metric < seriesKeys.length; metric++) {
            for (int group = 0; group < groups.size(); group++) {
                seriesKeys[metric][group] = series.get(group)[metric];
            }
        }
    }

    /** Adds {@code group} within the tenant: for the default tenant with its series keys made once. */
    private static void add(List<DimensionValue> groups, List<String[]> series, DimensionValue group, String[] defaultSeries,
                            String tenant, boolean defaultTenant) {
        DimensionValue within = defaultTenant ? group : group.within(tenant);
        groups.add(within);
        series.add(defaultTenant ? defaultSeries : seriesKeysOf(within));
    }

    /** These groups if they are the ones of {@code kind}, {@code priority} and {@code tenant}, else the right ones. */
    ConversationGroups of(ConversationKind kind, Priority priority, String tenant) {
        if (this.kind == kind && this.priority == priority && Objects.equals(this.tenant, tenant)) {
            return this;
        }
        return new ConversationGroups(kind, priority, tenant);
    }

    List<DimensionValue> groups() {
        return groups;
    }

    /** The series keys of the metric, one per group, in the order of {@link #groups()}. */
    String[] seriesKeys(MetricName metric) {
        return seriesKeys[metric.ordinal()];
    }

    private static DimensionValue[] groupsOf(Dimension dimension, Enum<?>[] symbols) {
        DimensionValue[] groups = new DimensionValue[symbols.length];
        for (Enum<?> symbol : symbols) {
            groups[symbol.ordinal()] = new DimensionValue(dimension, symbol.name());
        }
        return groups;
    }

    private static String[][] seriesKeysOf(DimensionValue[] groups) {
        String[][] keys = new String[groups.length][];
        for (int i = 0; i < groups.length; i++) {
            keys[i] = seriesKeysOf(groups[i]);
        }
        return keys;
    }

    /** The series key of every metric for one group, by metric ordinal. */
    private static String[] seriesKeysOf(DimensionValue group) {
        MetricName[] metrics = MetricName.values();
        String[] keys = new String[metrics.length];
        for (MetricName metric : metrics) {
            keys[metric.ordinal()] = new SeriesKey(metric, group).key();
        }
        return keys;
    }
}
