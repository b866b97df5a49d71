package dev.threadline.stats.topology;

import dev.threadline.schemas.serde.EventSerdes;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.topology.ConversationOutput.MetricsUpdate;
import dev.threadline.stats.topology.ConversationOutput.Observations;
import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import dev.threadline.vader.VaderSentiment;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The stats-streams topology, built by the service and by its tests alike:
 *
 * <pre>
 * conversation-events (event time = occurred_at)
 *   └─ conversation-metrics processor [conversations (states, first 64 messages), conversation-messages (the rest),
 *                                      conversation-outbox (what is pending, journaled per commit)]
 *        emits its outbox every publish interval (wall-clock punctuation, 1 s by default):
 *        ├─ metrics       → conversation-metrics (compacted, key = conversation id; once per changed conversation)
 *        ├─ observations  → per series and time bucket → repartition by series → tumbling windows per size (stated
 *        │                    grace) → response-time-stats / sentiment-stats (updates, then final)
 *        └─ status moves  → summed per group → repartition by group → status-counts store → status-counts (compacted)
 * </pre>
 */
public final class StatsTopology {

    private StatsTopology() {
    }

    /**
     * Partitions of the two repartition topics. What travels on them is summed per task and publish interval (a few
     * hundred records a second), so few partitions do; each one costs a batch and a transaction marker per commit.
     */
    static final int REPARTITION_PARTITIONS = 4;

    /** The topology, with meters nobody reads (tests, tools). */
    public static Topology buildTopology(StatsConfig config) {
        return buildTopology(config, StatsMeters.unregistered());
    }

    public static Topology buildTopology(StatsConfig config, StatsMeters meters) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ConversationStore.builder(StatsStores.CONVERSATIONS));
        // Messages beyond those a conversation's state holds: each written once, read back rarely (a redelivery, an
        // edit, a delete), so no cache.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StatsStores.MESSAGES),
                Serdes.String(), new MessageState.Serde()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StatsStores.ERASED_USERS),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(ConversationOutbox.builder(StatsStores.OUTBOX, WindowedAggregates.bucketMillis(config.windowSpecs())));

        var events = Topics.CONVERSATION_EVENTS;
        boolean assistantIsResponder = config.assistantIsResponder();
        Duration emitInterval = config.effectivePublishInterval();
        Map<String, KStream<String, ConversationOutput>> outputs = builder
                .stream(events.name(), Consumed.with(events.keySerde(), events.valueSerde())
                        .withTimestampExtractor(new OccurredAtTimestampExtractor())
                        .withName("conversation-events"))
                .process(() -> new ConversationMetricsProcessor(assistantIsResponder, Vader.INSTANCE, emitInterval, meters),
                        Named.as("conversation-metrics"), StatsStores.CONVERSATIONS, StatsStores.MESSAGES, StatsStores.OUTBOX,
                        StatsStores.ERASED_USERS)
                .split(Named.as("output-"))
                .branch((key, output) -> output instanceof MetricsUpdate, Branched.as("metrics"))
                .branch((key, output) -> output instanceof Observations, Branched.as("observations"))
                .branch((key, output) -> output instanceof StatusDelta, Branched.as("status-deltas"))
                .noDefaultBranch();

        outputs.get("output-metrics")
                .mapValues(output -> ((MetricsUpdate) output).metrics(), Named.as("metrics-values"))
                .to(Topics.CONVERSATION_METRICS.name(), Produced.with(Serdes.String(), EventSerdes.conversationMetrics())
                        .withName("publish-conversation-metrics"));
        WindowedAggregates.add(outputs.get("output-observations")
                .mapValues(output -> ((Observations) output).aggregate(), Named.as("observation-values")), config.windowSpecs());
        StatusCountsAggregation.add(outputs.get("output-status-deltas")
                .mapValues(output -> (StatusDelta) output, Named.as("status-delta-values")));
        return builder.build();
    }

    /** One analyzer per JVM: loading the lexicon takes a moment, and scoring is thread-safe. */
    private static final class Vader {
        static final VaderSentiment INSTANCE = VaderSentiment.withBundledLexicon();
    }
}
