package dev.threadline.thread.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An AI context window: {@code messages} oldest first, starting with the {@code leadingSystemMessages}
 * the conversation opens with, then the newest messages that fit. {@code truncated} says that
 * older messages were left out; {@code maxTokens} is the budget applied, null for none.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record ContextWindowView(String conversationId, List<ContextMessage> messages, int leadingSystemMessages,
                                long totalTokens, boolean truncated, int maxMessages, @Nullable Integer maxTokens) {
}
