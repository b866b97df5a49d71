package dev.threadline.thread.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * SQL text with its positional parameters, built side by side so that a query whose filters are
 * optional keeps each {@code ?} next to its value. Repositories run it; QueryPlansIT explains the
 * very same statement. Shared: the queries build and run their statements with it, the projection's
 * {@code ConversationUpdates} plans its statements as it and {@code ConversationWriter} batches them by text.
 */
public record BoundSql(String sql, List<Object> parameters) {

    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** Appends text and the values of its {@code ?} in order. */
    public static final class Builder {

        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        public Builder add(String text, Object... values) {
            sql.append(text);
            parameters.addAll(Arrays.asList(values));
            return this;
        }

        public BoundSql build() {
            // Values may be null (an unset filter never gets here, but a null bound may), so no List.copyOf.
            return new BoundSql(sql.toString(), Collections.unmodifiableList(new ArrayList<>(parameters)));
        }
    }
}
