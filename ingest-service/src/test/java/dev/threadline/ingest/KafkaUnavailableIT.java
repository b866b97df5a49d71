package dev.threadline.ingest;

import static dev.threadline.ingest.IngestTestSupport.assertProblem;
import static dev.threadline.ingest.IngestTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.LocalPorts;
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

/** With no broker to talk to, a command is refused with 503 and Retry-After within the delivery timeout, never hangs. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaUnavailableIT implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = IngestTestSupport.properties("ingest_kafka_unavailable_it");
        properties.put("threadline.kafka.bootstrap-servers", "127.0.0.1:" + LocalPorts.findFree());
        properties.put("threadline.kafka.delivery-timeout", "3s");
        properties.put("threadline.kafka.max-block", "1s");
        return properties;
    }

    @Test
    void commandIsRefusedWith503AndRetryAfterWithinTheDeliveryTimeout() {
        Instant start = Instant.now();

        var response = json(server.getURI(), "POST", "/v1/conversations/" + UUID.randomUUID() + "/messages",
                "{\"senderRole\": \"user\", \"content\": \"anyone there?\"}");

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3 + 1 + 2));
    }
}
