package dev.threadline.stats.streams;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health} is DOWN until the Kafka Streams application is RUNNING, so a launcher or a load balancer only sends
 * queries once the stores are restored; UP from then on, including rebalances after it has run; DOWN again if the
 * application stops (ERROR, NOT_RUNNING).
 */
@Singleton
public class StreamsHealthIndicator implements HealthIndicator {

    private static final String NAME = "kafkaStreams";

    private final StatsStreams streams;

    public StreamsHealthIndicator(StatsStreams streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = streams.isServing() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder(NAME, status)
                .details(Map.of("state", streams.state().name()))
                .build());
    }
}
