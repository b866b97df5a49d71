package dev.threadline.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request of the fuzz suite and the answer it must get.
 *
 * @param conversationId the conversation the request is for: its marker on conversation-events
 * @param idempotencyKey the Idempotency-Key it carries, or null
 * @param batch          whether it is a {@code POST /v1/batch} whose first item is the mutated one; a rejection may
 *                       then be the whole request's 400 or the item's own 400 inside a 202
 */
record FuzzRequest(String method, String path, String contentType, byte[] body, List<String> headers, Expect expect,
                   String conversationId, String idempotencyKey, boolean batch, String mutation) {

    FuzzRequest {
        headers = idempotencyKey == null ? headers
                : java.util.stream.Stream.concat(headers.stream(), java.util.stream.Stream.of("Idempotency-Key", idempotencyKey)).toList();
    }

    FuzzRequest withKey(String key) {
        return new FuzzRequest(method, path, contentType, body, headers, expect, conversationId, key, batch, mutation);
    }

    @Override
    public String toString() {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return "%s %s [%s] %s%n  body: %s%n  mutation: %s%n  expected: %s".formatted(method, shorten(path, 200), contentType,
                headers.isEmpty() ? "" : shorten(headers.toString(), 200), shorten(text, 600), mutation, expect);
    }

    private static String shorten(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "… (" + text.length() + " chars)";
    }
}
