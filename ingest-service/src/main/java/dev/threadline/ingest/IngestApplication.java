package dev.threadline.ingest;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import io.micronaut.runtime.Micronaut;
import io.micronaut.serde.annotation.SerdeImport;

/** Entry point of the ingest service: HTTP commands in, Avro events out to Kafka. */
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
