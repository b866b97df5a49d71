package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerSettingsTest {

    @Test
    void withoutTheVariableTheServerRunsDurable() {
        assertThat(EmbeddedPostgresServer.serverSettings(null)).isEqualTo(EmbeddedPostgresServer.DURABILITY);
        assertThat(EmbeddedPostgresServer.serverSettings("  ")).isEqualTo(EmbeddedPostgresServer.DURABILITY);
    }

    @Test
    void itemsAreAddedAfterTheDefaultsAndMayOverrideThem() {
        assertThat(EmbeddedPostgresServer.serverSettings(" max_wal_size = 4GB,,synchronous_commit=off ,log_line_prefix=%m [%p] "))
                .containsEntry("max_wal_size", "4GB")
                .containsEntry("synchronous_commit", "off")
                .containsEntry("fsync", "on")
                .containsEntry("log_line_prefix", "%m [%p]");
    }

    @Test
    void anItemWithoutANameIsRefusedWithTheVariableNamed() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.serverSettings("max_wal_size=4GB,checkpoint_timeout"))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("THREADLINE_POSTGRES_SETTINGS")
                .hasMessageContaining("'checkpoint_timeout'");
        assertThatThrownBy(() -> EmbeddedPostgresServer.serverSettings("=on"))
                .isInstanceOf(LocalStackException.class);
    }
}
