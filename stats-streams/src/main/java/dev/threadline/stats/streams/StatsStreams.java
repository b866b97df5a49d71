package dev.threadline.stats.streams;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.stats.config.KafkaConnection;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.topology.StatsMeters;
import dev.threadline.stats.topology.StatsTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams application of this instance: started once the HTTP server is listening (so the advertised
 * {@code application.server} is the real port), closed when the service stops, leaving the consumer group at once so
 * the other instances take its partitions over without waiting for a session timeout.
 */
@Singleton
public class StatsStreams implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StatsStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StatsConfig config;
    private final KafkaConnection kafka;
    private final KafkaClientSecurity security;
    private final MeterRegistry registry;
    private final StatsMeters meters;
    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private volatile boolean ranOnce;

    public StatsStreams(StatsConfig config, KafkaConnection kafka, KafkaClientSecurity security, MeterRegistry registry) {
        this.registry = registry;
        this.meters = new StatsMeters(registry);
        this.config = config;
        this.kafka = kafka;
        this.security = security;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start(event.getSource().getPort());
    }

    private static final int MAX_REPLACEMENTS = 5;
    private static final int REPLACEMENT_WINDOW_MINUTES = 10;
    private final Deque<Instant> recentFailures = new ArrayDeque<>();

    private synchronized void start(int httpPort) {
        if (streams != null) {
            return;
        }
        String server = config.applicationServer() != null && !config.applicationServer().isBlank()
                ? config.applicationServer() : "127.0.0.1:" + httpPort;
        self = HostInfo.buildFromEndpoint(server);
        Properties settings = StreamsSettings.of(config, kafka.bootstrapServers(), server, security.properties());
        // The dead-lettering exception handlers, which Kafka Streams creates, count what they reject with these.
        settings.put(StatsMeters.CONFIG, meters);
        KafkaStreams created = new KafkaStreams(StatsTopology.buildTopology(config, meters), settings);
        new KafkaStreamsMetrics(created).bindTo(registry);
        meters.watchLag(config.applicationId(), () -> inputLag(created));
        created.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                ranOnce = true;
            }
            LOG.info("Kafka Streams {} → {}", previous, next);
            if (next == KafkaStreams.State.ERROR) {
                exitForRestart();
            }
        });
        created.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        streams = created;
        created.start();
        LOG.info("stats-streams {} started, queries at {}", config.applicationId(), server);
    }

    /** Per partition of conversation-events this instance's stream threads read, the records they have yet to process. */
    private static Map<Integer, Long> inputLag(KafkaStreams streams) {
        Map<Integer, Long> lags = new HashMap<>();
        streams.metrics().forEach((name, metric) -> {
            if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                    && Topics.CONVERSATION_EVENTS.name().equals(name.tags().get("topic"))
                    && metric.metricValue() instanceof Number lag && !Double.isNaN(lag.doubleValue())) {
                lags.put(Integer.parseInt(name.tags().get("partition")), lag.longValue());
            }
        });
        return lags;
    }

    /**
     * A failed stream thread is replaced (its tasks' open transactions are aborted and their state restored from
     * the changelogs, so exactly-once holds); only a thread failing again and again — {@value #MAX_REPLACEMENTS}
     * times within {@value #REPLACEMENT_WINDOW_MINUTES} minutes — stops the client, and then the process.
     */
    private synchronized StreamThreadExceptionResponse onStreamThreadFailure(Throwable exception) {
        Instant now = Instant.now();
        recentFailures.addLast(now);
        while (!recentFailures.isEmpty()
                && recentFailures.getFirst().isBefore(now.minus(Duration.ofMinutes(REPLACEMENT_WINDOW_MINUTES)))) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() > MAX_REPLACEMENTS) {
            LOG.error("Stream thread failed {} times in {} minutes; stopping this instance", recentFailures.size(),
                    REPLACEMENT_WINDOW_MINUTES, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * Kafka Streams in ERROR never runs again: the process exits (status 70) so that its supervisor — the
     * orchestrator, or {@code ./threadline up} — starts a fresh one, instead of serving a broken instance.
     */
    private void exitForRestart() {
        LOG.error("Kafka Streams is in ERROR and cannot recover; exiting for the supervisor to restart the service");
        Thread.ofPlatform().name("stats-exit").start(() -> System.exit(70));
    }

    /** Whether queries can be answered: running, or rebalancing after having run (stores stay readable meanwhile). */
    public boolean isServing() {
        KafkaStreams current = streams;
        if (current == null) {
            return false;
        }
        KafkaStreams.State state = current.state();
        return state == KafkaStreams.State.RUNNING || (state == KafkaStreams.State.REBALANCING && ranOnce);
    }

    /** The state of the application; {@code CREATED} before the HTTP server is up. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.CREATED : current.state();
    }

    /**
     * The running application.
     *
     * @throws StatsUnavailableException before it was started
     */
    public KafkaStreams streams() {
        KafkaStreams current = streams;
        if (current == null) {
            throw new StatsUnavailableException("stats-streams is starting");
        }
        return current;
    }

    /** Where the other instances reach this one: its {@code application.server}. */
    public HostInfo self() {
        return self;
    }

    @PreDestroy
    public synchronized void close() {
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT));
        }
    }
}
