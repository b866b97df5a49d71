package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.LocalPorts;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With no broker to talk to, a command is refused with 503 and Retry-After within the publish
 * timeout, never hangs; readiness says DOWN while liveness stays UP.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaUnavailableIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = TestProperties.service("ingest_kafka_unavailable_it");
        properties.put("threadline.kafka.bootstrap-servers", "127.0.0.1:" + LocalPorts.findFree());
        properties.put("threadline.kafka.publish-timeout", "2s");
        properties.put("threadline.kafka.delivery-timeout", "1s");
        properties.put("threadline.kafka.max-block", "500ms");
        return properties;
    }

    @Test
    void commandIsRefusedWith503AndRetryAfterWithinThePublishTimeout() {
        Instant start = Instant.now();

        var response = HTTP.json(server.getURI(), "POST", "/v1/conversations/" + UUID.randomUUID() + "/messages",
                "{\"senderRole\": \"user\", \"content\": \"anyone there?\"}");

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        // And its type tells a client that nothing was published, so a retry is safe
        assertThat(response.body()).contains("\"type\":\"urn:threadline:problem:kafka-unavailable\"");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2 + 1));
    }

    @Test
    void readinessIsDownAndLivenessUpWhileNoProducerCanBeInitialised() throws InterruptedException {
        // Given a service whose producers cannot reach a broker: readiness turns DOWN once the first attempt failed
        int readiness = Eventually.until(Duration.ofSeconds(10), Duration.ofMillis(100),
                () -> HTTP.get(server.getURI(), "/health/readiness").statusCode(), status -> status == 503);

        // Then readiness is DOWN, while liveness stays UP: restarting the process would not bring Kafka back
        assertThat(readiness).isEqualTo(503);
        assertThat(HTTP.send(server.getURI(), "GET", "/health/liveness", null, null).statusCode()).isEqualTo(200);
    }
}
