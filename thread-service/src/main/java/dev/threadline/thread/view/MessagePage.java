package dev.threadline.thread.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page of a conversation's messages, oldest first. Seqs never change, so they are the paging
 * keys: {@code olderBeforeSeq} is the {@code beforeSeq} of the page before this one and
 * {@code newerAfterSeq} the {@code afterSeq} of the page after it; each is null when there is
 * nothing on that side yet.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record MessagePage(List<MessageView> messages, @Nullable Long olderBeforeSeq, @Nullable Long newerAfterSeq) {
}
