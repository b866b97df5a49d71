package dev.threadline.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Records straight from another store's tables: a layout is one SQL statement (a resource under
 * {@code layouts/<name>.sql}, whose comment maps every column) that returns one record of the import's format per row,
 * as JSON, a conversation's records right after it in time order. The rows are read through a cursor, a few thousand
 * at a time, so memory stays bounded whatever the tables' size; "line" is the row's number.
 */
final class JdbcSource extends SourceReader {

    /** The layouts this command knows, by name: one for each table design of docs/import.md. */
    static final List<String> LAYOUTS = List.of("support-desk", "thread-table", "ai-chat", "roleplay", "messaging");

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final ObjectMapper json;
    private long row;

    JdbcSource(String url, String layout, ObjectMapper json) throws SQLException {
        super(InputStream.nullInputStream());
        this.json = json;
        this.connection = DriverManager.getConnection(url);
        // A cursor (fetch size) needs a transaction; the import only reads.
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        this.statement = connection.prepareStatement(sql(layout));
        statement.setFetchSize(2_000);
        this.rows = statement.executeQuery();
    }

    /** How many records {@code layout} reads from {@code url}, for the progress (one count over the same statement). */
    static long rows(String url, String layout) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM (" + sql(layout) + ") records");
             ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    static String sql(String layout) {
        if (!LAYOUTS.contains(layout)) {
            throw new IllegalArgumentException("unknown layout '" + layout + "'; layouts are " + String.join(", ", LAYOUTS));
        }
        try (InputStream in = JdbcSource.class.getResourceAsStream("layouts/" + layout + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("The layout " + layout + " has no SQL in the importer's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Read next() throws IOException {
        try {
            if (!rows.next()) {
                return null;
            }
            row++;
            String text = rows.getString(1);
            try {
                JsonNode node = json.readTree(text);
                return node instanceof ObjectNode object ? new Read(new SourceRecord(row, object, text), null, row, text)
                        : new Read(null, "the layout's row is not a JSON object", row, text);
            } catch (JsonProcessingException e) {
                return new Read(null, "the layout's row is not JSON: " + e.getOriginalMessage(), row, text);
            }
        } catch (SQLException e) {
            throw new IOException("Reading the source tables failed at row " + (row + 1) + ": " + e.getMessage(), e);
        }
    }

    @Override
    long bytesRead() {
        return row;
    }

    @Override
    public void close() throws IOException {
        try (connection; statement; rows) {
            connection.rollback();
        } catch (SQLException e) {
            throw new IOException("Closing the source connection failed: " + e.getMessage(), e);
        }
    }
}
