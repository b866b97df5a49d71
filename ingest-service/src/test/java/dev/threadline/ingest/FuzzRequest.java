package dev.threadline.ingest;

import dev.threadline.localstack.FuzzRun;
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
        return "%s %s%n  Content-Type: %s%s%n  body: %s%n  mutation: %s%n  expected: %s".formatted(method, FuzzRun.readable(path),
                contentType, headers.isEmpty() ? "" : "%n  headers: %s".formatted(FuzzRun.readable(headers.toString())),
                body == null ? "(none)" : FuzzRun.readable(body), mutation, expect);
    }
}
