package dev.threadline.stats.query;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.stats.streams.StatsStreams;
import dev.threadline.stats.streams.StatsUnavailableException;
import dev.threadline.stats.topology.ConversationState;
import dev.threadline.stats.topology.DimensionValue;
import dev.threadline.stats.topology.MetricAggregate;
import dev.threadline.stats.topology.SeriesKey;
import dev.threadline.stats.topology.StatsStores;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Interactive queries over the stores of stats-streams. A key lives in one store partition, held by one instance:
 * this one answers from its local store when it holds it and forwards the query to the holder otherwise. Status
 * counts of a dimension span every partition, so they are gathered from every instance and merged.
 *
 * <p>{@code forwarded} is true for a query another instance sent here: it is answered locally, never forwarded again.
 */
@Singleton
public class StatsQueries {

    private static final StringSerializer KEYS = new StringSerializer();

    private final StatsStreams streams;
    private final RemoteQueries remote;

    public StatsQueries(StatsStreams streams, RemoteQueries remote) {
        this.streams = streams;
        this.remote = remote;
    }

    /** A conversation's metrics; empty if it is unknown, deleted or another tenant's than {@code scope}'s. */
    public Optional<ConversationMetricsView> conversation(String id, StatsScope scope, boolean forwarded) {
        Optional<HostInfo> owner = forwarded ? Optional.empty() : remoteOwner(StatsStores.CONVERSATIONS, id);
        if (owner.isPresent()) {
            return remote.get(owner.get(), "/v1/stats/conversations/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                    ConversationMetricsView.class);
        }
        ConversationState state = local(() -> this.<String, ConversationState>keyValueStore(StatsStores.CONVERSATIONS).get(id));
        if (state == null || state.isDeleted()) {
            return Optional.empty();
        }
        ConversationMetricsView metrics = ConversationMetricsView.of(state.toMetrics(id));
        return scope.sees(metrics.tenant()) ? Optional.of(metrics) : Optional.empty();
    }

    /** The windows of one series that start within the query's range, oldest first. */
    public WindowedStatsView windowed(WindowedQuery query, boolean forwarded) {
        String store = StatsStores.metricAggregates(query.window());
        String series = new SeriesKey(query.metric(), query.group()).key();
        Optional<HostInfo> owner = forwarded ? Optional.empty() : remoteOwner(store, series);
        if (owner.isPresent()) {
            return remote.get(owner.get(), query.pathAndQuery(), WindowedStatsView.class)
                    .orElseThrow(() -> new StatsUnavailableException("The instance holding " + series + " did not answer"));
        }
        List<WindowedStatsView.WindowAggregate> windows = local(() -> {
            ReadOnlyWindowStore<String, MetricAggregate> aggregates =
                    streams.streams().store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
            List<WindowedStatsView.WindowAggregate> found = new ArrayList<>();
            try (WindowStoreIterator<MetricAggregate> in = aggregates.fetch(series, query.from(), query.to())) {
                in.forEachRemaining(window -> found.add(aggregate(window, query.window().size().toMillis())));
            }
            return found;
        });
        return new WindowedStatsView(WindowedQuery.pathOf(query.metric()), query.unit(), query.window().name(),
                query.group().dimension().name(), query.group().value(), query.from(), query.to(), windows);
    }

    /** The status counts of every group of a dimension in {@code scope}, from every instance. */
    public StatusCountsView statusCounts(Dimension dimension, StatsScope scope, boolean forwarded) {
        List<StatusCountsView.Group> groups = new ArrayList<>(localStatusCounts(dimension, scope));
        if (!forwarded) {
            HostInfo self = streams.self();
            for (StreamsMetadata instance : streams.streams().streamsMetadataForStore(StatsStores.STATUS_COUNTS)) {
                if (!instance.hostInfo().equals(self)) {
                    remote.get(instance.hostInfo(), "/v1/stats/status-counts?dimension=" + dimension.name(), StatusCountsView.class)
                            .ifPresent(theirs -> groups.addAll(theirs.groups()));
                }
            }
        }
        groups.sort(Comparator.comparing(StatusCountsView.Group::value));
        return new StatusCountsView(dimension.name(), groups);
    }

    /**
     * The groups of {@code dimension} in {@code scope} this instance holds. A tenant's {@code all} is its tenant group,
     * shown as {@code all}; kinds and priorities of every tenant share a prefix, so the scan keeps the scope's.
     */
    private List<StatusCountsView.Group> localStatusCounts(Dimension dimension, StatsScope scope) {
        Dimension stored = dimension == Dimension.all && scope.tenant() != null ? Dimension.tenant : dimension;
        String prefix = DimensionValue.prefixOf(stored);
        return local(() -> {
            List<StatusCountsView.Group> groups = new ArrayList<>();
            ReadOnlyKeyValueStore<String, StatusCounts> counts = keyValueStore(StatsStores.STATUS_COUNTS);
            try (KeyValueIterator<String, StatusCounts> in = counts.prefixScan(prefix, KEYS)) {
                in.forEachRemaining(entry -> {
                    if (scope.counts(DimensionValue.parse(entry.key), dimension)) {
                        groups.add(new StatusCountsView.Group(dimension == Dimension.all ? "all" : entry.value.getDimensionValue(),
                                entry.value.getOpen(), entry.value.getPending(), entry.value.getResolved(),
                                entry.value.getUpdatedAt()));
                    }
                });
            }
            return groups;
        });
    }

    /** The instance holding {@code key} of {@code store} if it is another one; empty if it is this one. */
    private Optional<HostInfo> remoteOwner(String store, String key) {
        KeyQueryMetadata metadata = streams.streams().queryMetadataForKey(store, key, KEYS);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StatsUnavailableException("No instance holds " + store + " yet; the streams are starting or rebalancing");
        }
        HostInfo owner = metadata.activeHost();
        return owner.equals(streams.self()) ? Optional.empty() : Optional.of(owner);
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return streams.streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private static <T> T local(Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new StatsUnavailableException("The store is not queryable right now: " + e.getMessage(), e);
        }
    }

    private static WindowedStatsView.WindowAggregate aggregate(KeyValue<Long, MetricAggregate> window, long sizeMillis) {
        MetricAggregate a = window.value;
        return new WindowedStatsView.WindowAggregate(Instant.ofEpochMilli(window.key), Instant.ofEpochMilli(window.key + sizeMillis),
                a.count(), a.sum(), a.min(), a.max(), a.mean(), a.quantile(0.5), a.quantile(0.9), a.quantile(0.99));
    }
}
