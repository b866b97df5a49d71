package dev.threadline.thread.query;

/** Where a hit sits in a ranked result: by rank, best first, then by message id and conversation id. */
public record SearchKey(float rank, String messageId, String conversationId) {
}
