package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Events waiting for a transaction, and the caller's future that the commit completes. */
record PendingPublish(List<ConversationEvent> events, CompletableFuture<List<PublishedEvent>> result) {
}
