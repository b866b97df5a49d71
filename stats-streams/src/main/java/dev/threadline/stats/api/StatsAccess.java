package dev.threadline.stats.api;

import dev.threadline.security.Caller;
import dev.threadline.stats.query.StatsScope;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;

/**
 * Whose aggregates a caller reads: their token's tenant's only (the routes themselves are for {@code ops} and
 * {@code admin}, see application.yml). Without authentication (turned off explicitly) every tenant's.
 */
@Singleton
class StatsAccess {

    private final boolean authenticationOn;

    StatsAccess(@Value("${micronaut.security.enabled:true}") boolean authenticationOn) {
        this.authenticationOn = authenticationOn;
    }

    StatsScope scope(HttpRequest<?> request) {
        return Caller.required(request, authenticationOn).map(caller -> StatsScope.of(caller.tenant()))
                .orElse(StatsScope.EVERY_TENANT);
    }

    /** 403 for another tenant's group; its name says nothing the caller does not already know. */
    static HttpStatusException otherTenant(StatsScope scope) {
        return new HttpStatusException(HttpStatus.FORBIDDEN, "A token of " + (scope.tenant() == null ? "the default tenant"
                : "tenant " + scope.tenant()) + " reads only its own tenant's aggregates");
    }
}
