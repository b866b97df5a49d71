package dev.threadline.stats.topology;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The groups a conversation belongs to for a kind, priority and tenant — always {@code all|all}, then its kind,
 * priority and tenant where known — with their keys and the series keys of every metric, worked out once and shared
 * by the conversation's states until one of the three changes, instead of on every event and observation.
 */
final class ConversationGroups {

    static final ConversationGroups NONE = new ConversationGroups(null, null, null);

    private final ConversationKind kind;
    private final Priority priority;
    private final String tenant;
    private final List<DimensionValue> groups;
    private final String[][] seriesKeys;

    private ConversationGroups(ConversationKind kind, Priority priority, String tenant) {
        this.kind = kind;
        this.priority = priority;
        this.tenant = tenant;
        List<DimensionValue> all = new ArrayList<>(4);
        all.add(DimensionValue.ALL);
        if (kind != null) {
            all.add(new DimensionValue(Dimension.kind, kind.name()));
        }
        if (priority != null) {
            all.add(new DimensionValue(Dimension.priority, priority.name()));
        }
        if (tenant != null) {
            all.add(new DimensionValue(Dimension.tenant, tenant));
        }
        this.groups = List.copyOf(all);
        MetricName[] metrics = MetricName.values();
        this.seriesKeys = new String[metrics.length][];
        for (MetricName metric : metrics) {
            seriesKeys[metric.ordinal()] = groups.stream().map(group -> new SeriesKey(metric, group).key()).toArray(String[]::new);
        }
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
}
