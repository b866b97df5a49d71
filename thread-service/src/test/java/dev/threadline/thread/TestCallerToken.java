package dev.threadline.thread;

import dev.threadline.localstack.DevelopmentTokens;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;

/**
 * The tests' HTTP clients call as an admin of no tenant unless a request carries its own Authorization header: the
 * service verifies this JVM's development tokens ({@link ThreadTestSupport#properties}). What a caller without a token,
 * with a bad one or with another role gets is {@link ThreadAuthenticationIT}'s, over a client without this filter.
 */
@ClientFilter("/**")
final class TestCallerToken {

    static final String ADMIN = DevelopmentTokens.processToken("test-admin", "admin");

    @RequestFilter
    void authorize(MutableHttpRequest<?> request) {
        if (request.getHeaders().getAuthorization().isEmpty()) {
            request.bearerAuth(ADMIN);
        }
    }
}
