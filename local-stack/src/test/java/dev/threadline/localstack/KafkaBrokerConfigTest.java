package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {

    @Test
    void featuresVariableIsReadAsCommaSeparatedLevels() {
        assertThat(KafkaBrokerProcess.Config.featuresFrom(" transaction.version=1, group.version=1 "))
                .containsExactly("transaction.version=1", "group.version=1");
        assertThat(KafkaBrokerProcess.Config.featuresFrom(null)).isEmpty();
        assertThat(KafkaBrokerProcess.Config.featuresFrom("  ")).isEmpty();
    }

    @Test
    void featureThatIsNotNameEqualsLevelIsRefusedWithAnExample() {
        KafkaBrokerProcess.Config config = KafkaBrokerProcess.Config.of(Path.of("kafka"), 9092, 9093);

        assertThatThrownBy(() -> config.withFeatures(List.of("transaction.version")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka feature 'transaction.version' is not name=level, e.g. transaction.version=1");
    }
}
