package dev.threadline.thread.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.security.VerificationKeys;
import dev.threadline.testkit.ConfigurationReference;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table (docs/configuration.md) says what the thread service reads, with the defaults it uses. */
class ConfigurationDocumentedTest {

    private static Map<String, String> settings() {
        Map<String, String> read = new HashMap<>(VerificationKeys.SETTINGS);
        read.put("threadline.metrics-feed.enabled", "true");
        return read;
    }

    @Test
    void everySettingIsInTheReadmeWithItsDefault() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            assertThat(ConfigurationReference.problems("thread-service", new YamlPropertySourceLoader().read("application", in),
                    List.of(ThreadKafkaConfig.class, ProjectionConfig.class), settings())).isEmpty();
        }
    }
}
