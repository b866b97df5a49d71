package dev.threadline.thread.persistence;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Full-text search over message content with PostgreSQL's text search: the GIN index
 * {@code messages_content_search} finds the matching messages, {@code ts_rank} orders them and
 * {@code ts_headline} cuts a snippet, only for the rows of the page since it re-parses the content.
 * Queries use {@code websearch_to_tsquery}: words, "quoted phrases", {@code or} and {@code -not},
 * and never a syntax error. The page key is (rank, id): a message's rank depends on it and the
 * query only, so keys stay valid while messages arrive.
 */
@Singleton
public class MessageSearch {

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final DataSource dataSource;

    public MessageSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The best-ranked messages matching {@code query} after {@code after}.
     *
     * @param participant only conversations this user is or was in, or null for all
     */
    public SearchPage search(String query, @Nullable String participant, @Nullable SearchKey after, int limit)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = statement(query, participant, after, limit + 1).prepare(connection);
             ResultSet row = select.executeQuery()) {
            List<SearchHit> hits = new ArrayList<>();
            while (row.next()) {
                hits.add(new SearchHit(row.getString("id"), row.getString("conversation_id"), row.getString("title"),
                        row.getLong("seq"), row.getString("sender_id"), row.getString("sender_role"),
                        RowValues.instant(row, "created_at"), row.getFloat("rank"), row.getString("snippet")));
            }
            if (hits.size() <= limit) {
                return new SearchPage(hits, null);
            }
            SearchHit last = hits.get(limit - 1);
            return new SearchPage(hits.subList(0, limit), new SearchKey(last.rank(), last.messageId(), last.conversationId()));
        }
    }

    /** The statement that reads one page; package-private so QueryPlansIT can EXPLAIN exactly it. */
    static BoundSql statement(String query, @Nullable String participant, @Nullable SearchKey after, int limit) {
        BoundSql.Builder sql = new BoundSql.Builder().add("""
                SELECT h.*, ts_headline('english', m.content, q.query, '%s') AS snippet
                FROM (
                    SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.sender_role, m.created_at, c.title,
                           ts_rank(m.content_tsv, q.query) AS rank
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id,
                         websearch_to_tsquery('english', ?) AS q (query)
                    WHERE m.content_tsv @@ q.query AND m.deleted_at IS NULL AND c.deleted_at IS NULL"""
                .formatted(HEADLINE_OPTIONS), query);
        if (participant != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = m.conversation_id AND p.user_id = ?)",
                    participant);
        }
        if (after != null) {
            sql.add(" AND (ts_rank(m.content_tsv, q.query) < ?::real"
                    + " OR (ts_rank(m.content_tsv, q.query) = ?::real AND (m.id, m.conversation_id) > (?::uuid, ?::uuid)))",
                    after.rank(), after.rank(), after.messageId(), after.conversationId());
        }
        return sql.add("""
                    ORDER BY rank DESC, m.id, m.conversation_id LIMIT ?
                ) h JOIN messages m ON m.conversation_id = h.conversation_id AND m.id = h.id,
                  websearch_to_tsquery('english', ?) AS q (query)
                ORDER BY h.rank DESC, h.id, h.conversation_id""", limit, query).build();
    }
}
