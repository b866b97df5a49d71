package dev.threadline.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates PostgreSQL databases on the embedded or an external server, so that a test class can have a database of
 * its own instead of cleaning up after the others.
 */
public final class PostgresDatabases {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String PREFIX = "jdbc:postgresql://";

    private PostgresDatabases() {
    }

    /**
     * Creates {@code database} unless it exists, connecting through {@code jdbcUrl} (any database of the server).
     *
     * @return the JDBC URL of {@code database}
     */
    public static String create(String jdbcUrl, String user, String password, String database) {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL database name (lower case, digits, _): " + database);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            if (!exists(connection, database)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently, which is fine
                throw new LocalStackException("Cannot create database " + database + " via " + jdbcUrl + ": "
                        + e.getMessage(), e);
            }
        }
        return withDatabase(jdbcUrl, database);
    }

    /** {@code jdbcUrl} pointing at {@code database} instead, keeping host, port and parameters. */
    static String withDatabase(String jdbcUrl, String database) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Expected a URL starting with " + PREFIX + ": " + jdbcUrl);
        }
        int hostEnd = firstOf(jdbcUrl, PREFIX.length(), '/', '?');
        int databaseEnd = firstOf(jdbcUrl, hostEnd, '?');
        return jdbcUrl.substring(0, hostEnd) + "/" + database + jdbcUrl.substring(databaseEnd);
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static int firstOf(String text, int from, char... candidates) {
        for (int i = from; i < text.length(); i++) {
            for (char candidate : candidates) {
                if (text.charAt(i) == candidate) {
                    return i;
                }
            }
        }
        return text.length();
    }
}
