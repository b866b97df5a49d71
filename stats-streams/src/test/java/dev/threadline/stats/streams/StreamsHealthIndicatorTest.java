package dev.threadline.stats.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.stats.config.KafkaConnection;
import dev.threadline.stats.config.StatsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class StreamsHealthIndicatorTest {

    @Test
    void healthIsDownWhileTheStreamsHaveNotStarted() {
        // Given the streams of an instance whose HTTP server has not started them yet
        StatsStreams streams = new StatsStreams(StatsConfig.defaults(), new KafkaConnection("127.0.0.1:9"),
                new KafkaClientSecurity("PLAINTEXT", "SCRAM-SHA-512", null, null, null, null), new SimpleMeterRegistry());

        // When health is asked
        HealthResult result = single(new StreamsHealthIndicator(streams).getResult());

        // Then it is DOWN and says why
        assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(result.getDetails()).isEqualTo(Map.of("state", "CREATED"));
        assertThat(streams.isServing()).isFalse();
    }

    private static <T> T single(Publisher<T> publisher) {
        List<T> items = new ArrayList<>();
        publisher.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable error) {
                throw new AssertionError(error);
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(items).hasSize(1);
        return items.getFirst();
    }
}
