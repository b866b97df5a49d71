package dev.threadline.ingest;

import dev.threadline.testkit.FuzzRun;
import java.util.List;
import java.util.stream.Stream;

/**
 * One generated request of the fuzz suite and the answer it must get.
 *
 * @param conversationId the conversation the request is for: its marker on conversation-events
 * @param idempotencyKey the Idempotency-Key it carries, or null
 * @param item           for a {@code POST /v1/batch}, the index of its changed item, else -1; a rejection may then be
 *                       the whole request's 400 or the item's own 400 inside a 202
 * @param twice          whether it is sent a second time with its key, which must get the first answer again
 */
record FuzzRequest(String method, String path, String contentType, byte[] body, List<String> headers, Expect expect,
                   String conversationId, String idempotencyKey, int item, boolean twice, String mutation) {

    FuzzRequest {
        headers = idempotencyKey == null ? headers : Stream.concat(headers.stream(), Stream.of("Idempotency-Key", idempotencyKey)).toList();
    }

    /** A request to a command route, or a batch ({@code item} >= 0); without a key. */
    FuzzRequest(String method, String path, String contentType, byte[] body, Expect expect, String conversationId, int item, String mutation) {
        this(method, path, contentType, body, List.of(), expect, conversationId, null, item, false, mutation);
    }

    FuzzRequest withKey(String key, boolean twice) {
        return new FuzzRequest(method, path, contentType, body, headers, expect, conversationId, key, item, twice, mutation);
    }

    boolean batch() {
        return item >= 0;
    }

    @Override
    public String toString() {
        return "%s %s%n  Content-Type: %s%s%n  body: %s%n  mutation: %s%s%n  expected: %s".formatted(method, FuzzRun.readable(path),
                contentType, headers.isEmpty() ? "" : "%n  headers: %s".formatted(FuzzRun.readable(headers.toString())),
                body == null ? "(none)" : FuzzRun.readable(body), mutation, twice ? ", sent twice" : "", expect);
    }
}
