package dev.threadline.health;

import dev.threadline.security.KafkaClientSecurity;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * Readiness towards the Kafka cluster: DOWN once the cluster has not answered for {@value #SILENCE_MS} ms. A Kafka
 * client retries quietly while its brokers are away, so a service that is idle would otherwise go on reporting UP;
 * here the cluster is asked every second in the background ({@code DescribeCluster}), and a health request never
 * waits for it. Created with the context, so the cluster has been asked before the first health request.
 */
@Context
public class KafkaClusterHealthIndicator implements HealthIndicator {

    static final long ASK_TIMEOUT_MS = 1500;
    static final long SILENCE_MS = 2500;
    private static final String NAME = "kafkaCluster";

    private final Admin admin;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health-probe").daemon(true).factory());
    private volatile Instant lastAnswer;
    private volatile int brokers;

    public KafkaClusterHealthIndicator(@Value("${threadline.kafka.bootstrap-servers}") String bootstrapServers,
                                       @Value("${micronaut.application.name:threadline}") String application,
                                       KafkaClientSecurity security) {
        this.admin = Admin.create(security.addTo(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, application + "-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT_MS)));
        prober.scheduleWithFixedDelay(this::ask, 0, 1, TimeUnit.SECONDS);
    }

    private void ask() {
        try {
            brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ASK_TIMEOUT_MS))
                    .nodes().get(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            lastAnswer = clock.instant();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Unanswered: the silence grows until readiness says DOWN.
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Instant answered = lastAnswer;
        long silentMs = answered == null ? -1 : Duration.between(answered, clock.instant()).toMillis();
        if (answered != null && silentMs < SILENCE_MS) {
            return Publishers.just(HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("brokers", brokers)).build());
        }
        String reason = answered == null ? "no answer yet" : "no answer for " + silentMs + " ms";
        return Publishers.just(HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("reason", reason)).build());
    }

    @PreDestroy
    void close() {
        prober.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
