package dev.threadline.ingest.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.ingest.command.BatchResult;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.IdSource;
import dev.threadline.ingest.config.IngestLimits;
import dev.threadline.ingest.service.ConversationCommands;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.problem.ProblemResponses;
import dev.threadline.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/batch}: many commands, each named by {@code type}, in one request and one Kafka
 * transaction. Each item gets its own result; invalid items publish nothing, valid ones are
 * published in request order.
 */
@Controller("/v1/batch")
@ProblemResponses
class BatchController {

    private final ConversationCommands commands;
    private final CommandEndpoint endpoint;
    private final IngestLimits limits;

    BatchController(ConversationCommands commands, CommandEndpoint endpoint, IngestLimits limits) {
        this.commands = commands;
        this.endpoint = endpoint;
        this.limits = limits;
    }

    @Post
    @ApiResponse(responseCode = "202", description = "The batch was taken: each command's result, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResponse.class)))
    CompletableFuture<HttpResponse<BatchResponse>> execute(HttpRequest<?> request, @Body BatchRequest body,
                                                           @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        List<ConversationCommand> items = body.commands();
        if (items == null || items.isEmpty() || items.size() > limits.maxBatchItems()) {
            throw new InvalidRequestException(List.of(new FieldError("commands",
                    "must hold 1 to %d commands".formatted(limits.maxBatchItems()))));
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new InvalidRequestException(List.of(new FieldError("commands[" + i + "]", "must be a command, not null")));
            }
        }
        Caller caller = Caller.of(request).orElse(null);
        if (key == null) {
            return commands.executeAll(items, IdSource.random(), caller)
                    .thenApply(results -> CommandEndpoint.accepted(new BatchResponse(results), false));
        }
        return endpoint.keyed(request, caller, key, BatchResponse.class,
                        scopedKey -> commands.executeAll(items, IdSource.fromIdempotencyKey(scopedKey), caller).thenApply(BatchResponse::new))
                .thenApply(outcome -> CommandEndpoint.accepted(outcome.response(), outcome.replayed()));
    }

    /** The request body: the commands in the order their events are published. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record BatchRequest(@Nullable List<ConversationCommand> commands) {
    }

    /** One result per command, in request order. */
    @Serdeable
    record BatchResponse(List<BatchResult> results) {
    }
}
