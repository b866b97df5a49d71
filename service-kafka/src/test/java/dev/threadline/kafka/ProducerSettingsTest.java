package dev.threadline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    private static final Map<String, Object> DEFAULTS = Map.of("linger.ms", 5, "compression.type", "lz4");
    private static final Map<String, Object> REQUIRED = Map.of("acks", "all", "enable.idempotence", true);

    @Test
    void aNamedProducersSettingsOverrideTheServiceDefaultsButNotWhatItRequires() {
        try (var context = run(Map.of(
                "kafka.producers.conversation-events.linger.ms", "50",
                "kafka.producers.conversation-events.batch.size", "1000",
                "kafka.producers.conversation-events.acks", "0",
                "kafka.producers.dead-letters.linger.ms", "99"))) {
            Map<String, Object> settings = context.getBean(ProducerSettings.class).of("conversation-events", DEFAULTS, REQUIRED);

            assertThat(settings)
                    .containsEntry("linger.ms", "50")
                    .containsEntry("batch.size", "1000")
                    .containsEntry("compression.type", "lz4")
                    .containsEntry("acks", "all")
                    .containsEntry("enable.idempotence", true)
                    .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092");
        }
    }

    @Test
    void settingsForEveryClientApplyAndMicronautKafkasOwnKeysAreLeftOut() {
        try (var context = run(Map.of(
                "kafka.compression.type", "zstd",
                "kafka.health.enabled", "false",
                "kafka.producers.other.linger.ms", "70"))) {
            Map<String, Object> settings = context.getBean(ProducerSettings.class).of("conversation-events", DEFAULTS, REQUIRED);

            assertThat(settings)
                    .containsEntry("compression.type", "zstd")
                    .containsEntry("linger.ms", 5)
                    .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                    .doesNotContainKeys("health.enabled", "enabled");
        }
    }

    @Test
    void theLoginOfThreadlineKafkaReachesEveryProducer() {
        try (var context = run(Map.of(
                "threadline.kafka.security-protocol", "SASL_SSL",
                "threadline.kafka.sasl-username", "ingest",
                "threadline.kafka.sasl-password", "secret"))) {
            Map<String, Object> settings = context.getBean(ProducerSettings.class).of("dead-letters", Map.of(), REQUIRED);

            assertThat(settings)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(String.valueOf(jaas)).contains("username=\"ingest\""));
        }
    }

    private static ApplicationContext run(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("threadline.kafka.bootstrap-servers", "broker-1:9092,broker-2:9092");
        all.put("kafka.health.enabled", "false");
        // Only the Kafka settings are under test here, not the services' HTTP authentication.
        all.put("micronaut.security.enabled", "false");
        return ApplicationContext.run(all);
    }
}
