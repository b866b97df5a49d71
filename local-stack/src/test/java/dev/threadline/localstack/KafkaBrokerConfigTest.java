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

    @Test
    void clusterMembershipNamesEveryNodeAsAStaticVoter() {
        KafkaBrokerProcess.Membership membership =
                KafkaBrokerProcess.Membership.ofCluster(2, "cluster", List.of(9101, 9102, 9103), (short) 3, 2);

        assertThat(membership.voters()).isEqualTo("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103");
        assertThat(membership.nodeId()).isEqualTo(2);
        assertThat(KafkaBrokerProcess.Config.of(Path.of("kafka"), 9092, 9093).membership())
                .isEqualTo(KafkaBrokerProcess.Membership.SINGLE);
    }
}
