package dev.threadline.thread.query;

/** A message's identity: its id is unique within its conversation. */
public record MessageKey(String conversationId, String messageId) {
}
