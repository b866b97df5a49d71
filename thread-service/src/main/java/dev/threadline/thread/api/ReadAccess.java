package dev.threadline.thread.api;

import dev.threadline.security.Caller;
import dev.threadline.thread.persistence.ReadScope;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * What a caller may read, from their verified token (docs/security.md, "Authentication"): {@code agent}, {@code admin},
 * {@code ops} and {@code service} read every conversation of their tenant; a {@code user} reads only the conversations
 * they are or were a participant of, and only their own lists, search results and unread counts; any other token
 * reads nothing. No read crosses tenants. Without authentication (turned off explicitly) every read is unrestricted.
 */
@Singleton
class ReadAccess {

    static final Set<String> TENANT_WIDE = Set.of("agent", "admin", "ops", "service");
    static final String USER = "user";

    private final boolean authenticationOn;

    ReadAccess(@Value("${micronaut.security.enabled:true}") boolean authenticationOn) {
        this.authenticationOn = authenticationOn;
    }

    /** The conversations {@code request}'s caller may see; 403 for a token whose roles may read none. */
    ReadScope scope(HttpRequest<?> request) {
        Optional<Caller> caller = Caller.required(request, authenticationOn);
        if (caller.isEmpty()) {
            return ReadScope.UNRESTRICTED;
        }
        Caller who = caller.get();
        if (who.roles().stream().anyMatch(TENANT_WIDE::contains)) {
            return ReadScope.tenant(who.tenant());
        }
        if (who.roles().contains(USER)) {
            return ReadScope.participant(who.tenant(), who.id());
        }
        throw forbidden("A token with roles " + who.roles() + " may read no conversations: reading takes the role "
                + USER + ", agent, admin, ops or service");
    }

    /**
     * The participant whose own conversations a list or search is of: {@code asked} for a tenant-wide reader (null:
     * the whole tenant), the user themself for a user, who may leave it out but not name someone else (403).
     */
    static String participant(ReadScope scope, String asked) {
        if (scope.participant() == null) {
            return asked;
        }
        if (asked != null && !asked.equals(scope.participant())) {
            throw forbidden("A user reads only their own conversations: participant must be " + scope.participant()
                    + " or left out");
        }
        return scope.participant();
    }

    /** A user may ask for their own unread counts only (403 for anyone else's); tenant-wide readers for anyone's. */
    static void unreadOf(ReadScope scope, String userId) {
        if (scope.participant() != null && !userId.equals(scope.participant())) {
            throw forbidden("A user reads only their own unread counts: " + scope.participant());
        }
    }

    /** Reports are tenant-wide figures, for tenant-wide readers only (403 for a user). */
    static void reports(ReadScope scope) {
        if (scope.participant() != null) {
            throw forbidden("Reports cover the whole tenant: they are for agent, admin, ops and service tokens");
        }
    }

    private static HttpStatusException forbidden(String why) {
        return new HttpStatusException(HttpStatus.FORBIDDEN, why);
    }
}
