package dev.threadline.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import java.util.Set;

/**
 * Every command body is JSON and must say so: a POST, PUT or PATCH without
 * {@code Content-Type: application/json} (in any case: media type names are case-insensitive) is answered 415
 * before its body is read. Micronaut on its
 * own would read a body without a Content-Type as JSON, so a client that forgot the header would be
 * half-accepted rather than told.
 */
@ServerFilter("/v1/**")
class JsonContentTypeFilter {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final ErrorResponseProcessor<?> problems;

    JsonContentTypeFilter(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> requireJson(HttpRequest<?> request) {
        if (!WITH_BODY.contains(request.getMethod())) {
            return null;
        }
        boolean json = request.getContentType()
                .map(type -> MediaType.APPLICATION_JSON_TYPE.getName().equalsIgnoreCase(type.getName()))
                .orElse(false);
        if (json) {
            return null;
        }
        return problems.processResponse(ErrorContext.builder(request)
                        .errorMessage("Content-Type must be application/json")
                        .build(),
                HttpResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }
}
