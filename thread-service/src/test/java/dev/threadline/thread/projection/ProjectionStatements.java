package dev.threadline.thread.projection;

/**
 * The projection's statements that {@code QueryPlansIT} (in the query package, beside the statements it mostly
 * explains) plans too; read here, in the projection's package, so that they stay package-private.
 */
public final class ProjectionStatements {

    /** {@link MessageBulkWriter#INSERT_RUN}: a run of posted messages. */
    public static final String INSERT_RUN = MessageBulkWriter.INSERT_RUN;

    private ProjectionStatements() {
    }
}
