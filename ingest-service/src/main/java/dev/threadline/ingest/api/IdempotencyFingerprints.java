package dev.threadline.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The fingerprint of a keyed request: SHA-256 of its method, path and body bytes as sent, taken before the body is
 * bound (binding consumes the bytes) and kept as a request attribute for {@link CommandEndpoint}. Only requests with
 * an {@code Idempotency-Key} pass through it ({@link ConditionalFilter}); the others' bodies are not copied.
 */
@ServerFilter("/v1/**")
class IdempotencyFingerprints implements ConditionalFilter {

    private static final String ATTRIBUTE = IdempotencyFingerprints.class.getName();

    /** Only keyed requests: the others skip the filter, and their bodies are not copied for it. */
    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return request.getHeaders().contains(CommandEndpoint.IDEMPOTENCY_KEY);
    }

    /** A request without a body is fingerprinted as an empty one, so every keyed request reaches its endpoint with one. */
    @RequestFilter
    void fingerprint(HttpRequest<?> request, @Nullable @Body byte[] body) {
        request.setAttribute(ATTRIBUTE, of(request.getMethodName(), request.getPath(), body == null ? new byte[0] : body));
    }

    /** The fingerprint the filter took of {@code request}, if it is a keyed request. */
    static Optional<byte[]> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, byte[].class);
    }

    static byte[] of(String method, String path, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return sha256.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
