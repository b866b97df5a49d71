package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresDatabasesTest {

    @Test
    void urlOfAnotherDatabaseKeepsHostPortAndParameters() {
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://db.local:5432/threadline?sslmode=disable", "orders_it"))
                .isEqualTo("jdbc:postgresql://db.local:5432/orders_it?sslmode=disable");
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://127.0.0.1:5433/threadline", "orders_it"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5433/orders_it");
        assertThat(PostgresDatabases.withDatabase("jdbc:postgresql://127.0.0.1:5433", "orders_it"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5433/orders_it");
    }
}
