package dev.threadline.thread.health;

import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.messaging.ConsumerHealth;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * Readiness of the read model's writer: DOWN while the Kafka cluster has not answered for {@value #KAFKA_SILENCE_MS}
 * ms (it is asked every second in the background, so a health request never waits for it), or while an event consumer has kept failing to apply its batches for {@value #FAILING_GRACE_S} s or more (the
 * database is away or refuses them). A single retried deadlock does not flip it. PostgreSQL's own reachability is
 * Micronaut's {@code jdbc} indicator, bounded by the pool's connection timeout.
 */
// Created with the context, so Kafka has been asked before the first health request.
@Context
public class ConsumersReadiness implements HealthIndicator {

    static final long KAFKA_WAIT_MS = 1500;
    static final long KAFKA_SILENCE_MS = 2500;
    static final long FAILING_GRACE_S = 5;

    private final ConsumerHealth consumers;
    private final Admin admin;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health-probe").daemon(true).factory());
    private volatile Instant lastKafkaAnswer;
    private volatile int brokers;

    public ConsumersReadiness(ConsumerHealth consumers, ThreadKafkaConfig config) {
        this.consumers = consumers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "thread-service-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT_MS));
        prober.scheduleWithFixedDelay(this::probeKafka, 0, 1, TimeUnit.SECONDS);
    }

    private void probeKafka() {
        try {
            brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) KAFKA_WAIT_MS))
                    .nodes().get(KAFKA_WAIT_MS, TimeUnit.MILLISECONDS).size();
            lastKafkaAnswer = clock.instant();
        } catch (Exception e) {
            // Unanswered: the silence grows until readiness says DOWN.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(check());
    }

    private HealthResult check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        Instant answered = lastKafkaAnswer;
        long silentMs = answered == null ? Long.MAX_VALUE : Duration.between(answered, clock.instant()).toMillis();
        if (answered != null && silentMs < KAFKA_SILENCE_MS) {
            details.put("kafkaBrokers", brokers);
        } else {
            details.put("kafka", answered == null ? "no answer yet" : "no answer for " + silentMs + " ms");
            up = false;
        }
        var failing = consumers.longestFailing();
        if (failing.isPresent()) {
            Duration since = Duration.between(failing.get().since(), clock.instant());
            details.put("consumersFailingFor", since.toMillis() + " ms");
            details.put("lastFailure", failing.get().reason());
            up &= since.toSeconds() < FAILING_GRACE_S;
        }
        return HealthResult.builder("eventConsumers", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    @PreDestroy
    void close() {
        prober.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
