package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A message that matches a search: {@code rank} is PostgreSQL's {@code ts_rank} (higher is
 * better) and {@code snippet} the best fragments of the content with each match between
 * {@code <mark>} and {@code </mark>}. The rest of the snippet is the content as posted, not
 * HTML-escaped.
 */
@Serdeable
public record SearchHit(String messageId, String conversationId, @Nullable String conversationTitle, long seq,
                        @Nullable String senderId, String senderRole, Instant createdAt, float rank, String snippet) {
}
