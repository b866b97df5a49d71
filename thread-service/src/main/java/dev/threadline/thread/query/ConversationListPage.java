package dev.threadline.thread.query;

import dev.threadline.thread.view.ConversationListItem;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** One page of a conversation list; {@code next} is null on the last page. */
public record ConversationListPage(List<ConversationListItem> items, @Nullable ActivityKey next) {
}
