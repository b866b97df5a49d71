package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A message as an AI model's context gets it. {@code tokens} is what it counts against the token
 * budget: {@code tokensUsed} when the message carries it, else the estimate (then
 * {@code tokensEstimated} is true).
 */
@Serdeable
public record ContextMessage(String id, long seq, @Nullable String senderId, String senderRole, String content,
                             String contentType, @Nullable String model, int tokens, boolean tokensEstimated,
                             Instant createdAt) {
}
