package dev.threadline.thread;

import dev.threadline.security.BearerJwtScheme;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Entry point of the thread service: conversation events in, PostgreSQL read model and REST out. */
@OpenAPIDefinition(info = @Info(title = "Threadline thread-service", version = "1",
        description = "The read model of conversations, participants and messages in PostgreSQL, queried over HTTP (docs/api.md)."),
        security = @SecurityRequirement(name = BearerJwtScheme.NAME))
@BearerJwtScheme
@OpenAPIInclude(classes = HealthEndpoint.class)
public final class ThreadApplication {

    private ThreadApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ThreadApplication.class, args);
    }
}
