package dev.threadline.stats;

import dev.threadline.security.BearerJwtScheme;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/**
 * Entry point of stats-streams: the Kafka Streams analytics of conversation-events (per-conversation metrics,
 * windowed first-response time, resolution time and sentiment, status counts) and their interactive queries over
 * HTTP. The streams start once the HTTP server listens ({@code streams.StatsStreams}); {@code /health} is UP once
 * they run.
 */
@OpenAPIDefinition(info = @Info(title = "Threadline stats-streams", version = "1",
        description = "Kafka Streams analytics of the conversation events (per-conversation metrics, windowed aggregates, status counts), queried over HTTP (docs/api.md)."),
        security = @SecurityRequirement(name = BearerJwtScheme.NAME))
@BearerJwtScheme
@OpenAPIInclude(classes = HealthEndpoint.class)
public final class StatsApplication {

    private StatsApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(StatsApplication.class, args);
    }
}
