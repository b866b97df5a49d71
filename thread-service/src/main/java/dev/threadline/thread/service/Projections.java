package dev.threadline.thread.service;

import dev.threadline.thread.config.ProjectionConfig;
import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.projection.ConversationTenants;
import dev.threadline.thread.projection.ConversationWriter;
import dev.threadline.thread.projection.ErasedUsers;
import dev.threadline.thread.projection.OffsetStore;
import dev.threadline.thread.projection.PurgedConversations;
import dev.threadline.thread.projection.SearchIndexWriter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two projections of conversation-events. The read model (conversations, participants,
 * messages, counters) dead-letters what it cannot store and tells live subscribers what it applied.
 * The search index follows the same events on its own, so search never slows the read model down;
 * a record it cannot index is the read model's to dead-letter, so here it is only logged. An event of another tenant
 * than its conversation's is indexed but never found: search shows only the messages the read model stored.
 */
@Factory
public class Projections {

    public static final String READ_MODEL = "read-model";
    public static final String SEARCH = "search";

    private static final Logger LOG = LoggerFactory.getLogger(Projections.class);

    @Singleton
    @Named(READ_MODEL)
    ConversationProjection readModel(Database database, ConversationWriter writer, OffsetStore offsets,
                                     DeadLetterSink deadLetters, AppliedEventListener appliedEvents,
                                     ConversationTenants tenants, ErasedUsers erasedUsers, PurgedConversations purged,
                                     ProjectionConfig config) {
        return new ConversationProjection(database, writer, offsets, deadLetters, appliedEvents, tenants, erasedUsers, purged,
                config);
    }

    @Singleton
    @Named(SEARCH)
    ConversationProjection search(Database database, SearchIndexWriter writer, OffsetStore offsets, ErasedUsers erasedUsers,
                                  PurgedConversations purged, ProjectionConfig config) {
        DeadLetterSink skipped = rejected -> rejected.forEach(record -> LOG.warn("Not indexed for search: {} at {}-{}@{}: {}",
                record.reason(), record.record().topic(), record.record().partition(), record.record().offset(), record.detail()));
        return new ConversationProjection(database, writer, offsets, skipped, events -> { }, null, erasedUsers, purged, config);
    }
}
