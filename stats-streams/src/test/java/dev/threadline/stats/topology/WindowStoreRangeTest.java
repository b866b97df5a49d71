package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.analytics.MetricName;
import dev.threadline.events.Role;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.config.WindowSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/**
 * The range the stats API lets a windowed query ask for, 1970 to 9999, is one the window stores can be asked for with
 * the record cache on, as in production; a range from before the epoch is not (the cache's segment arithmetic breaks
 * on negative timestamps), which is why the API rejects it.
 */
class WindowStoreRangeTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    @Test
    void windowsAreFetchedOverTheWholeRangeTheApiTakesButNotFromBeforeTheEpoch() {
        StatsConfig config = StatsConfig.defaults();
        try (TopologyHarness stats = TopologyHarness.start(config, Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10_000_000L))) {
            // Given a first response in the 10:00 hour
            stats.send(started("c-1", T), posted("c-1", "c-1-m", Role.agent, "Hi", T.plusSeconds(600)));
            WindowSpec hour = config.windowSpecs().getFirst();
            WindowStore<String, MetricAggregate> store = stats.driver.getWindowStore(StatsStores.metricAggregates(hour));
            String series = new SeriesKey(MetricName.first_response_time, DimensionValue.ALL).key();

            // When its windows are fetched from the epoch to the end of year 9999
            List<Long> starts = new ArrayList<>();
            try (WindowStoreIterator<MetricAggregate> windows = store.fetch(series, Instant.EPOCH, LATEST)) {
                windows.forEachRemaining(window -> starts.add(window.key));
            }

            // Then the window is found; and from year 1 the store fails, so the API never asks for it
            assertThat(starts).containsExactly(T.toEpochMilli());
            assertThatThrownBy(() -> store.fetch(series, Instant.parse("0001-01-01T00:00:00Z"), LATEST).close())
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
