package dev.threadline.thread.query;

import dev.threadline.thread.view.MessageView;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The messages an AI context window is chosen from, read in one snapshot.
 *
 * @param contextWindow  the conversation's model context window in tokens, if it has one
 * @param leadingSystem  the system messages the conversation starts with (its system prompt), oldest first
 * @param newestFirst    the newest messages after them, newest first
 */
public record ContextCandidates(@Nullable Integer contextWindow, List<MessageView> leadingSystem,
                                List<MessageView> newestFirst) {
}
