package dev.threadline.ingest.api;

import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.IdSource;
import dev.threadline.ingest.service.ConversationCommands;
import dev.threadline.ingest.service.IdempotentExecution;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every command endpoint does: run the command, once per Idempotency-Key if one is given,
 * answer 202 with the receipt, and name invalid fields as the caller sent them (relative to the
 * request body rather than to the command).
 */
@Singleton
class CommandEndpoint {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final ConversationCommands commands;
    private final IdempotentExecution idempotency;

    CommandEndpoint(ConversationCommands commands, IdempotentExecution idempotency) {
        this.commands = commands;
        this.idempotency = idempotency;
    }

    CompletableFuture<HttpResponse<Accepted>> execute(HttpRequest<?> request, String key, ConversationCommand command, String bodyPrefix) {
        Caller caller = Caller.of(request).orElse(null);
        try {
            if (key == null) {
                return commands.execute(command, IdSource.random(), caller).thenApply(accepted -> accepted(accepted, false));
            }
            // A rejected request claims no key: it is answered 400 or 403 whatever the key's state, and touches no database.
            commands.requireValid(caller, command);
            commands.requireAllowed(caller, command);
            return keyed(request, caller, key, Accepted.class,
                    scopedKey -> commands.execute(command, IdSource.fromIdempotencyKey(scopedKey), caller))
                    .thenApply(outcome -> accepted(outcome.response(), outcome.replayed()));
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(relativeTo(e.errors(), bodyPrefix));
        }
    }

    /**
     * Runs {@code execution} once per key of the caller's tenant (tenants never share a key: the same key sent by two
     * tenants is two commands, with ids of their own); the request's method, path and body bytes as sent make its
     * fingerprint ({@link IdempotencyFingerprints}). {@code execution} gets the key in its tenant's scope, to derive
     * ids from.
     */
    <T> CompletableFuture<IdempotentExecution.Outcome<T>> keyed(HttpRequest<?> request, Caller caller, String key,
                                                               Class<T> type, Function<String, CompletableFuture<T>> execution) {
        if (key.isBlank() || key.length() > 255) {
            throw new InvalidRequestException(List.of(new FieldError(IDEMPOTENCY_KEY, "must be 1 to 255 characters")));
        }
        String tenant = Caller.tenantOf(caller);
        // The default tenant keeps the key as it is, so keys stored before tenants existed still replay.
        String scopedKey = tenant == null ? key : tenant.length() + ":" + tenant + "/" + key;
        byte[] fingerprint = IdempotencyFingerprints.of(request).orElseThrow(() -> new IllegalStateException(
                "A keyed request to " + request.getPath() + " reached its endpoint without the fingerprint of its body"));
        return idempotency.run(scopedKey, fingerprint, type, () -> execution.apply(scopedKey));
    }

    static <T> MutableHttpResponse<T> accepted(T body, boolean replayed) {
        MutableHttpResponse<T> response = HttpResponse.<T>accepted().body(body);
        return replayed ? response.header(REPLAYED, "true") : response;
    }

    private static List<FieldError> relativeTo(List<FieldError> errors, String prefix) {
        String whole = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return errors.stream()
                .map(e -> e.field() == null ? e
                        : e.field().equals(whole) ? new FieldError(null, e.message())
                        : e.field().startsWith(prefix) ? new FieldError(e.field().substring(prefix.length()), e.message())
                        : e)
                .toList();
    }
}
