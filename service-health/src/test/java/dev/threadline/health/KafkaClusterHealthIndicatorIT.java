package dev.threadline.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.LocalPorts;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.testkit.TestInfrastructure;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class KafkaClusterHealthIndicatorIT {

    private static final KafkaClientSecurity PLAINTEXT = new KafkaClientSecurity("PLAINTEXT", "SCRAM-SHA-512", null, null, null, null);


    @Test
    void answeringClusterIsUp() {
        // Given the indicator of a service whose cluster runs
        KafkaClusterHealthIndicator indicator = new KafkaClusterHealthIndicator(
                TestInfrastructure.shared().kafkaBootstrapServers(), "test", PLAINTEXT);
        try {
            // Then it reports UP within the silence it tolerates, with the number of brokers
            HealthResult result = awaitStatus(indicator, HealthStatus.UP, Duration.ofSeconds(10));
            assertThat(result.getDetails().toString()).contains("brokers=1");
        } finally {
            indicator.close();
        }
    }

    @Test
    void silentClusterIsDownWithinSecondsWithoutAnyTraffic() {
        // Given the indicator of an idle service whose cluster does not answer at all
        KafkaClusterHealthIndicator indicator = new KafkaClusterHealthIndicator("127.0.0.1:" + LocalPorts.findFree(), "test", PLAINTEXT);
        try {
            // Then it reports DOWN at once, and says why
            HealthResult result = result(indicator);
            assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(result.getDetails().toString()).contains("no answer");
        } finally {
            indicator.close();
        }
    }

    private static HealthResult awaitStatus(KafkaClusterHealthIndicator indicator, HealthStatus wanted, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        HealthResult last = result(indicator);
        while (!last.getStatus().equals(wanted) && Instant.now().isBefore(deadline)) {
            sleep();
            last = result(indicator);
        }
        assertThat(last.getStatus()).isEqualTo(wanted);
        return last;
    }

    private static HealthResult result(KafkaClusterHealthIndicator indicator) {
        return Mono.from(indicator.getResult()).block();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
