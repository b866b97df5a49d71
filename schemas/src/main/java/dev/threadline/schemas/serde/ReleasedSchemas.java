package dev.threadline.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of each schema of the contract, oldest first. The files live under
 * {@code dev/threadline/schemas/released/}. Releasing a new version means adding its file and a
 * line here; a test fails while the current schema is not the newest released one.
 */
public final class ReleasedSchemas {

    private static final String ROOT = "/dev/threadline/schemas/released/";

    /** Released versions of the {@code ConversationEvent} envelope. */
    public static final List<String> CONVERSATION_EVENT = List.of("ConversationEvent/v1.avsc", "ConversationEvent/v2.avsc");

    /** Released versions of the {@code ConversationCommandRecord} envelope of the intake topic. */
    public static final List<String> CONVERSATION_COMMAND = List.of("ConversationCommandRecord/v1.avsc", "ConversationCommandRecord/v2.avsc");

    /** Released versions of the per-conversation {@code ConversationMetrics} of stats-streams. */
    public static final List<String> CONVERSATION_METRICS = List.of("ConversationMetrics/v1.avsc");

    /** Released versions of the windowed aggregates {@code WindowedMetric} of stats-streams. */
    public static final List<String> WINDOWED_METRIC = List.of("WindowedMetric/v1.avsc", "WindowedMetric/v2.avsc");

    /** Released versions of the per-dimension {@code StatusCounts} of stats-streams. */
    public static final List<String> STATUS_COUNTS = List.of("StatusCounts/v1.avsc", "StatusCounts/v2.avsc");

    private ReleasedSchemas() {
    }

    /** Parses the named released versions from the classpath. */
    public static List<Schema> load(List<String> versions) {
        return versions.stream().map(ReleasedSchemas::parse).toList();
    }

    private static Schema parse(String version) {
        try (InputStream in = ReleasedSchemas.class.getResourceAsStream(ROOT + version)) {
            if (in == null) {
                throw new IllegalStateException("Released schema " + version + " is missing from the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read released schema " + version, e);
        }
    }
}
