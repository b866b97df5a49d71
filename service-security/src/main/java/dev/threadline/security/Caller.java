package dev.threadline.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.authentication.Authentication;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request, from its verified bearer token: {@code sub} (a user's or a service's id), {@code roles} and
 * {@code tenant} (null for a token without one: the default tenant). Never from the request body.
 */
public record Caller(String id, Set<String> roles, @Nullable String tenant) {

    /** The claim that names the caller's tenant. */
    public static final String TENANT_CLAIM = "tenant";

    /** The caller of {@code request}; empty when authentication is off (or the request was let through without one). */
    public static Optional<Caller> of(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class).map(Caller::of);
    }

    /**
     * The caller of a request to a route that requires one: empty only when authentication is off; with it on, a request
     * without a verified caller (a route let through by mistake) is refused with 403 rather than served to nobody.
     */
    public static Optional<Caller> required(HttpRequest<?> request, boolean authenticationOn) {
        Optional<Caller> caller = of(request);
        if (caller.isEmpty() && authenticationOn) {
            throw new HttpStatusException(HttpStatus.FORBIDDEN, "This request carries no verified caller");
        }
        return caller;
    }

    static Caller of(Authentication authentication) {
        Object tenant = authentication.getAttributes().get(TENANT_CLAIM);
        return new Caller(authentication.getName(), Set.copyOf(authentication.getRoles()),
                tenant instanceof String name && !name.isBlank() ? name : null);
    }

    /** The tenant of {@code caller}; null for the default tenant or without authentication ({@code caller} null). */
    public static @Nullable String tenantOf(@Nullable Caller caller) {
        return caller == null ? null : caller.tenant();
    }
}
