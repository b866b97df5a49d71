package dev.threadline.ingest;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import dev.threadline.security.BearerJwtScheme;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.micronaut.serde.annotation.SerdeImport;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Entry point of the ingest service: HTTP commands in, Avro events out to Kafka. */
@OpenAPIDefinition(info = @Info(title = "Threadline ingest-service", version = "1",
        description = "Conversation commands over HTTP, published as Avro events to Kafka once committed (docs/api.md)."),
        security = @SecurityRequirement(name = BearerJwtScheme.NAME))
@BearerJwtScheme
@OpenAPIInclude(classes = HealthEndpoint.class)
@SerdeImport(ConversationKind.class)
@SerdeImport(ConversationStatus.class)
@SerdeImport(Priority.class)
@SerdeImport(Role.class)
public final class IngestApplication {

    private IngestApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(IngestApplication.class, args);
    }
}
