package dev.threadline.ingest.api;

import dev.threadline.ingest.command.Erasure;
import dev.threadline.ingest.command.ErasureBody;
import dev.threadline.ingest.service.UserErasures;
import dev.threadline.problem.ProblemResponses;
import dev.threadline.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/users/{userId}/erasure}: an admin erases a user from every conversation (docs/lifecycle.md). */
@Controller("/v1/users")
@ProblemResponses
class UserErasureController {

    private final UserErasures erasures;

    UserErasureController(UserErasures erasures) {
        this.erasures = erasures;
    }

    @Post("/{userId}/erasure")
    @ApiResponse(responseCode = "202", description = "Kafka committed the erasure: one UserErased event in every partition",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure.class)))
    CompletableFuture<HttpResponse<Erasure>> erase(HttpRequest<?> request, @PathVariable String userId,
                                                   @Nullable @Valid @Body ErasureBody body) {
        return erasures.erase(userId, body == null ? ErasureBody.DEFAULTS : body, Caller.of(request).orElse(null))
                .thenApply(erasure -> CommandEndpoint.accepted(erasure, false));
    }
}
