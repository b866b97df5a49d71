package dev.threadline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class ReleasedSchemasTest {

    private final Schema current = ConversationEvent.getClassSchema();
    private final List<Schema> released = ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_EVENT);

    @Test
    void currentSchemaIsTheNewestReleasedVersion() {
        // A change to the .avsc files must be released as a new version before it ships,
        // or readers elsewhere could not resolve its fingerprint.
        Schema newest = released.getLast();
        assertThat(SchemaNormalization.parsingFingerprint64(newest))
                .as("fingerprint of the newest released ConversationEvent; release the changed schema as a new version")
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
        assertThat(newest).isEqualTo(current);
    }

    @Test
    void currentReaderReadsEveryReleasedVersion() {
        for (Schema writer : released) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, writer).getType())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void testOnlyOlderVersionIsBackwardCompatible() throws Exception {
        Schema older = SingleObjectAvroSerdeTest.testOnlyOlderVersion();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, older).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyFieldOfTheContractIsDocumented() {
        assertThat(undocumentedFields(current, new java.util.HashSet<>())).isEmpty();
    }

    private static List<String> undocumentedFields(Schema schema, java.util.Set<String> seen) {
        return switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    yield List.of();
                }
                var missing = new java.util.ArrayList<String>();
                if (schema.getDoc() == null) {
                    missing.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        missing.add(schema.getFullName() + "." + field.name());
                    }
                    missing.addAll(undocumentedFields(field.schema(), seen));
                }
                yield missing;
            }
            case UNION -> schema.getTypes().stream().flatMap(t -> undocumentedFields(t, seen).stream()).toList();
            case ARRAY -> undocumentedFields(schema.getElementType(), seen);
            case MAP -> undocumentedFields(schema.getValueType(), seen);
            case ENUM -> schema.getDoc() == null ? List.of(schema.getFullName()) : List.of();
            default -> List.of();
        };
    }
}
