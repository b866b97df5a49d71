package dev.threadline.stats.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.security.VerificationKeys;
import dev.threadline.testkit.ConfigurationReference;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration table (docs/configuration.md) says what stats-streams reads, with the defaults it uses. */
class ConfigurationDocumentedTest {

    @Test
    void everySettingIsInTheReadmeWithItsDefault() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            assertThat(ConfigurationReference.problems("stats-streams", new YamlPropertySourceLoader().read("application", in),
                    List.of(StatsConfig.class, KafkaConnection.class, PipelineConfig.class), VerificationKeys.SETTINGS)).isEmpty();
        }
    }
}
