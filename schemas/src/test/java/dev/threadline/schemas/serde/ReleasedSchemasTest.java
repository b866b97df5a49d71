package dev.threadline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.events.ConversationEvent;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleasedSchemasTest {

    /** Every envelope of the contract: its current (generated) schema and its released versions. */
    static Stream<Arguments> envelopes() {
        return Stream.of(
                envelope(ConversationEvent.getClassSchema(), ReleasedSchemas.CONVERSATION_EVENT),
                envelope(ConversationCommandRecord.getClassSchema(), ReleasedSchemas.CONVERSATION_COMMAND),
                envelope(ConversationMetrics.getClassSchema(), ReleasedSchemas.CONVERSATION_METRICS),
                envelope(WindowedMetric.getClassSchema(), ReleasedSchemas.WINDOWED_METRIC),
                envelope(StatusCounts.getClassSchema(), ReleasedSchemas.STATUS_COUNTS));
    }

    private static Arguments envelope(Schema current, List<String> released) {
        return Arguments.of(Named.of(current.getName(), current), ReleasedSchemas.load(released));
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void currentSchemaIsTheNewestReleasedVersion(Schema current, List<Schema> released) {
        // A change to the .avsc files must be released as a new version before it ships,
        // or readers elsewhere could not resolve its fingerprint.
        Schema newest = released.getLast();
        assertThat(SchemaNormalization.parsingFingerprint64(newest))
                .as("fingerprint of the newest released %s; release the changed schema as a new version", current.getName())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
        assertThat(newest).isEqualTo(current);
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void currentReaderReadsEveryReleasedVersion(Schema current, List<Schema> released) {
        for (Schema writer : released) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, writer).getType())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void testOnlyOlderVersionIsBackwardCompatible() throws Exception {
        Schema older = SingleObjectAvroSerdeTest.testOnlyOlderVersion();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(ConversationEvent.getClassSchema(), older).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void everyFieldOfTheContractIsDocumented(Schema current, List<Schema> released) {
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
