package dev.threadline.stats.streams;

import dev.threadline.stats.config.KafkaConnection;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.topology.StatsTopology;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
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
    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private volatile boolean ranOnce;

    public StatsStreams(StatsConfig config, KafkaConnection kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start(event.getSource().getPort());
    }

    private synchronized void start(int httpPort) {
        if (streams != null) {
            return;
        }
        String server = config.applicationServer() != null && !config.applicationServer().isBlank()
                ? config.applicationServer() : "127.0.0.1:" + httpPort;
        self = HostInfo.buildFromEndpoint(server);
        KafkaStreams created = new KafkaStreams(StatsTopology.buildTopology(config),
                StreamsSettings.of(config, kafka.bootstrapServers(), server));
        created.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
                ranOnce = true;
            }
            LOG.info("Kafka Streams {} → {}", previous, next);
        });
        created.setUncaughtExceptionHandler(exception -> {
            LOG.error("Stream thread failed; stopping this instance's streams", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams = created;
        created.start();
        LOG.info("stats-streams {} started, queries at {}", config.applicationId(), server);
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
