package dev.threadline.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Path variables and query parameters are percent-encoded UTF-8 (RFC 3986 §2.5). Micronaut decodes bytes that are
 * not UTF-8 ({@code %FF}, the overlong {@code %C0%AF}, an encoded surrogate {@code %ED%A0%80}) to U+FFFD, so a
 * request would be answered for a value the caller never sent: another user's id, another search. Such a request is
 * a 400 problem naming the path variable or query parameter instead, as JSON bodies with invalid UTF-8 are.
 */
@ServerFilter("/**")
class Utf8RequestTargetFilter {

    static final String NOT_UTF8 = "must be percent-encoded UTF-8";

    private final ErrorResponseProcessor<?> problems;

    Utf8RequestTargetFilter(ErrorResponseProcessor<?> problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> requireUtf8(HttpRequest<?> request) {
        String path = request.getUri().getRawPath();
        String query = request.getUri().getRawQuery();
        if (path.indexOf('%') < 0 && (query == null || query.indexOf('%') < 0)) {
            return null;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        checkPath(path, routeTemplate(request), errors);
        checkQuery(query, errors);
        if (errors.isEmpty()) {
            return null;
        }
        return problems.processResponse(ErrorContext.builder(request).cause(new InvalidRequestException(errors)).build(),
                HttpResponse.status(HttpStatus.BAD_REQUEST));
    }

    /** Each segment of the path that is not UTF-8 is named by the route's variable in its place, if there is one. */
    private static void checkPath(String path, @Nullable String template, List<Problem.FieldError> errors) {
        String[] segments = path.split("/", -1);
        String[] variables = template == null ? new String[0] : template.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (!isUtf8(segments[i])) {
                String variable = i < variables.length && variables[i].startsWith("{") && variables[i].endsWith("}")
                        ? variables[i].substring(1, variables[i].length() - 1) : null;
                errors.add(new Problem.FieldError(variable, NOT_UTF8));
            }
        }
    }

    private static void checkQuery(@Nullable String query, List<Problem.FieldError> errors) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!isUtf8(name)) {
                errors.add(new Problem.FieldError(null, "a parameter name " + NOT_UTF8));
            } else if (!isUtf8(value)) {
                errors.add(new Problem.FieldError(decode(name), NOT_UTF8));
            }
        }
    }

    @Nullable
    private static String routeTemplate(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(route -> ((UriRouteInfo<?, ?>) route).getUriMatchTemplate().toString())
                .orElse(null);
    }

    private static boolean isUtf8(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return true;
        }
        try {
            return Utf8.firstMalformed(bytes(encoded)) < 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String encoded) {
        return new String(bytes(encoded), StandardCharsets.UTF_8);
    }

    /** The bytes a percent-encoded text stands for; '+' is a space in a query, as Micronaut reads it. */
    private static byte[] bytes(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("incomplete percent-encoding");
                }
                bytes.writeBytes(HexFormat.of().parseHex(encoded, i + 1, i + 3));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
