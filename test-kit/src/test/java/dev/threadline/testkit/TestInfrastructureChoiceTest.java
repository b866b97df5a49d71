package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.testkit.TestInfrastructure.Source;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Where the tests' Kafka and PostgreSQL come from: external, then Testcontainers if Docker answers, then local. */
class TestInfrastructureChoiceTest {

    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void externalSettingsWinWithoutAskingDocker() {
        assertThat(TestInfrastructure.choose("kafka-1:9092", "containers", docker(true))).isEqualTo(Source.EXTERNAL);
        assertThat(probes).hasValue(0);
    }

    @Test
    void byDefaultContainersWhenDockerAnswersElseTheLocalProcesses() {
        assertThat(TestInfrastructure.choose(null, null, docker(true))).isEqualTo(Source.CONTAINERS);
        assertThat(TestInfrastructure.choose("", "auto", docker(false))).isEqualTo(Source.LOCAL);
    }

    @Test
    void theSwitchTakesOneWithoutAskingDockerAndRefusesOtherValues() {
        assertThat(TestInfrastructure.choose(null, "local", docker(true))).isEqualTo(Source.LOCAL);
        assertThat(TestInfrastructure.choose(null, "containers", docker(false))).isEqualTo(Source.CONTAINERS);
        assertThat(probes).hasValue(0);
        assertThatThrownBy(() -> TestInfrastructure.choose(null, "docker", docker(true)))
                .hasMessageContaining(TestInfrastructure.SWITCH).hasMessageContaining("auto, containers or local");
    }

    private BooleanSupplier docker(boolean answers) {
        return () -> {
            probes.incrementAndGet();
            return answers;
        };
    }
}
