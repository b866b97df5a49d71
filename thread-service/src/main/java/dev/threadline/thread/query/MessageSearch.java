package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.SearchHit;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over message content with PostgreSQL's text search: the GIN index
 * {@code message_search_content} (filled by the search indexer, see
 * {@link dev.threadline.thread.projection.SearchIndexWriter}) finds the matching messages, {@code ts_rank} orders
 * them and {@code ts_headline} cuts a snippet, only for the rows of the page since it re-parses the content.
 * Queries use {@code websearch_to_tsquery}: words, "quoted phrases", {@code or} and {@code -not}, and never a
 * syntax error. The page key is (rank, message id, conversation id): a message's rank depends on it and the query
 * only, so keys stay valid while messages arrive.
 */
@Singleton
public class MessageSearch {

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final Database database;

    public MessageSearch(Database database) {
        this.database = database;
    }

    /**
     * The best-ranked messages matching {@code query} after {@code after}.
     *
     * @param participant only conversations this user is or was in, or null for all of {@code scope}'s tenant
     */
    public SearchPage search(String query, @Nullable String participant, ReadScope scope, @Nullable SearchKey after,
                             int limit) throws SQLException {
        return database.call(connection -> {
            try (PreparedStatement select = statement(query, participant, scope, after, limit + 1).prepare(connection);
                 ResultSet row = select.executeQuery()) {
                List<SearchHit> hits = new ArrayList<>();
                SearchKey last = null;
                int ranked = 0;
                while (row.next() && ranked++ < limit) {
                    last = new SearchKey(row.getFloat("rank"), row.getString("message_id"), row.getString("conversation_id"));
                    if (row.getString("id") != null) {
                        hits.add(new SearchHit(last.messageId(), last.conversationId(), row.getString("title"),
                                row.getLong("seq"), row.getString("sender_id"), row.getString("sender_role"),
                                RowValues.instant(row, "created_at"), last.rank(), row.getString("snippet")));
                    }
                }
                // A ranked row beyond the page means there is more; the cursor is the page's last ranked row, shown or not.
                return new SearchPage(hits, ranked > limit ? last : null);
            }
        });
    }

    /**
     * The statement that reads one page; package-private so QueryPlansIT can EXPLAIN exactly it. The
     * index finds and ranks the matches of live conversations; only the page's rows are then joined
     * to their messages. A row whose message the read model does not show (deleted, or not applied
     * yet while the indexer is ahead) comes back without {@code id} and is left out of the page.
     */
    static BoundSql statement(String query, @Nullable String participant, ReadScope scope, @Nullable SearchKey after,
                              int limit) {
        BoundSql.Builder sql = new BoundSql.Builder().add("""
                SELECT h.*, m.id, m.seq, m.sender_id, m.sender_role, m.created_at,
                       ts_headline('english', m.content, q.query, '%s') AS snippet
                FROM (
                    SELECT s.message_id, s.conversation_id, c.title, ts_rank(s.content_tsv, q.query) AS rank
                    FROM message_search s JOIN conversations c ON c.id = s.conversation_id,
                         websearch_to_tsquery('english', ?) AS q (query)
                    WHERE s.content_tsv @@ q.query AND c.deleted_at IS NULL"""
                .formatted(HEADLINE_OPTIONS), query);
        scope.tenantOf(sql, "c.tenant");
        if (participant != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = s.conversation_id AND p.user_id = ?",
                    participant);
            scope.tenantOf(sql, "p.tenant");
            sql.add(")");
        }
        if (after != null) {
            sql.add(" AND (ts_rank(s.content_tsv, q.query) < ?::real"
                    + " OR (ts_rank(s.content_tsv, q.query) = ?::real AND (s.message_id, s.conversation_id) > (?::uuid, ?::uuid)))",
                    after.rank(), after.rank(), after.messageId(), after.conversationId());
        }
        return sql.add("""
                    ORDER BY rank DESC, s.message_id, s.conversation_id LIMIT ?
                ) h LEFT JOIN messages m ON m.conversation_id = h.conversation_id AND m.id = h.message_id
                                        AND m.deleted_at IS NULL,
                  websearch_to_tsquery('english', ?) AS q (query)
                ORDER BY h.rank DESC, h.message_id, h.conversation_id""", limit, query).build();
    }
}
