package dev.threadline.ingest;

import dev.threadline.testkit.TestHttp;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;

/**
 * The tests' Micronaut HTTP clients call as another microservice would (the service role) unless a request carries
 * its own Authorization header, like {@link TestHttp#send}; the service verifies this JVM's development tokens.
 */
@ClientFilter("/**")
final class TestCallerToken {

    @RequestFilter
    void authorize(MutableHttpRequest<?> request) {
        if (request.getHeaders().getAuthorization().isEmpty()) {
            request.bearerAuth(TestHttp.SERVICE_TOKEN);
        }
    }
}
