package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes the effect of a batch of conversation events in the caller's transaction. */
public interface BatchWriter {

    /** Applies the events in partition order; throws if PostgreSQL refused any of them. */
    void apply(Connection connection, List<ConversationEvent> events) throws SQLException;
}
