package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes the effect of a batch of conversation events in the caller's transaction. */
public interface BatchWriter {

    /** Applies the events in partition order; throws if PostgreSQL refused any of them. */
    void apply(Connection connection, List<ConversationEvent> events) throws SQLException;

    /** Removes the erased user's identity from every conversation of the erasure's tenant (docs/lifecycle.md). */
    void erase(Connection connection, ErasedUsers.Erasure erasure) throws SQLException;

    /** Deletes everything this writer keeps of the conversation. */
    void purge(Connection connection, String conversationId) throws SQLException;
}
