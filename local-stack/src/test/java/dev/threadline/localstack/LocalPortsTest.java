package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void portInUseIsReportedAsOneLineNamingTheComponentAndTheVariable() throws IOException {
        // given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            // when / then
            assertThatThrownBy(() -> LocalPorts.requireFree(List.of(
                    new LocalPorts.Claim("postgres", LocalPorts.findFree(), "THREADLINE_POSTGRES_PORT"),
                    new LocalPorts.Claim("kafka", port, "THREADLINE_KAFKA_PORT"))))
                    .isInstanceOfSatisfying(LocalStackException.class, e -> assertThat(e.summary()).isEqualTo(
                            "port " + port + " (kafka) is already in use; set THREADLINE_KAFKA_PORT to use another"));
        }
    }

    @Test
    void portClaimedByTwoComponentsIsReportedBeforeAnythingStarts() {
        // given
        int port = LocalPorts.findFree();

        // when / then
        assertThatThrownBy(() -> LocalPorts.requireFree(List.of(
                new LocalPorts.Claim("ingest-service", port, "THREADLINE_INGEST_PORT"),
                new LocalPorts.Claim("thread-service", port, "THREADLINE_THREAD_PORT"))))
                .isInstanceOfSatisfying(LocalStackException.class, e -> assertThat(e.summary()).isEqualTo(
                        "port " + port + " is set for both ingest-service and thread-service;"
                                + " set THREADLINE_THREAD_PORT to use another"));
    }

    @Test
    void freePortsPassTheCheck() {
        // given
        List<LocalPorts.Claim> claims = List.of(
                new LocalPorts.Claim("kafka", LocalPorts.findFree(), "THREADLINE_KAFKA_PORT"));

        // when / then
        assertThatCode(() -> LocalPorts.requireFree(claims)).doesNotThrowAnyException();
    }

    @Test
    void freePortsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LocalPorts.findFree();
            assertThat(port).isBetween(20_000, 32_767);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void eachSlotHasPortsOfItsOwnAndABadSlotIsOneClearError() {
        assertThat(LocalPorts.range(null, null)).containsExactly(20_000, 32_768);
        assertThat(LocalPorts.range("0", null)).containsExactly(20_000, 21_000);
        assertThat(LocalPorts.range("3", "1")).containsExactly(23_000, 24_000);
        assertThat(LocalPorts.range("4", "2")).as("a module's second fork").containsExactly(25_000, 26_000);
        assertThat(LocalPorts.range("11", "")).containsExactly(31_000, 32_000);
        assertThatThrownBy(() -> LocalPorts.range("11", "2")).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("threadline.test.port-slot is 12; it takes 0 to 11");
        assertThatThrownBy(() -> LocalPorts.range("ingest", null)).isInstanceOf(LocalStackException.class)
                .hasMessageContaining("it takes 0 to 11");
    }
}
