package dev.threadline.ingest.api;

import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.EditMessageBody;
import dev.threadline.ingest.command.MarkReadBody;
import dev.threadline.ingest.command.NewMessageBody;
import dev.threadline.ingest.command.ParticipantSpec;
import dev.threadline.ingest.command.SetFlagsBody;
import dev.threadline.ingest.command.StartConversationBody;
import dev.threadline.ingest.command.UpdateConversationBody;
import dev.threadline.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP adapter for conversation commands: each endpoint names its command and hands it to
 * {@link CommandEndpoint}, which checks, publishes and answers 202 once Kafka committed. (Each route states its 202 for
 * the OpenAPI spec: micronaut-openapi reads neither the status nor the body from {@code CompletableFuture<HttpResponse<T>>}.)
 */
@Controller("/v1/conversations")
@ProblemResponses
class ConversationController {

    private final CommandEndpoint endpoint;

    ConversationController(CommandEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Post
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> start(HttpRequest<?> request, @Body StartConversationBody body,
                                                    @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Start(body), "conversation.");
    }

    @Post("/{conversationId}/messages")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> postMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                          @Body NewMessageBody body,
                                                          @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Post(conversationId, body), "message.");
    }

    @Patch("/{conversationId}")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> update(HttpRequest<?> request, @PathVariable String conversationId,
                                                     @Body UpdateConversationBody body) {
        return endpoint.execute(request, null, new ConversationCommand.Update(conversationId, body), "changes.");
    }

    @Post("/{conversationId}/participants")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> addParticipant(HttpRequest<?> request, @PathVariable String conversationId,
                                                             @Body ParticipantSpec body,
                                                             @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.AddParticipant(conversationId, body), "participant.");
    }

    @Delete("/{conversationId}/participants/{userId}")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> removeParticipant(HttpRequest<?> request, @PathVariable String conversationId,
                                                                @PathVariable String userId,
                                                                @Nullable @QueryValue String occurredAt) {
        return endpoint.execute(request, null, new ConversationCommand.RemoveParticipant(conversationId, userId, null,
                EventTimes.parameter(occurredAt)), "");
    }

    @Post("/{conversationId}/read")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> markRead(HttpRequest<?> request, @PathVariable String conversationId,
                                                       @Body MarkReadBody body,
                                                       @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Read(conversationId, body), "read.");
    }

    @Put("/{conversationId}/flags")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> setFlags(HttpRequest<?> request, @PathVariable String conversationId,
                                                       @Body SetFlagsBody body) {
        return endpoint.execute(request, null, new ConversationCommand.Flag(conversationId, body), "flags.");
    }

    @Patch("/{conversationId}/messages/{messageId}")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> editMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                          @PathVariable String messageId, @Body EditMessageBody body) {
        return endpoint.execute(request, null, new ConversationCommand.Edit(conversationId, messageId, body), "edit.");
    }

    @Delete("/{conversationId}/messages/{messageId}")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> deleteMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                            @PathVariable String messageId,
                                                            @Nullable @QueryValue String occurredAt) {
        return endpoint.execute(request, null, new ConversationCommand.DeleteMessage(conversationId, messageId, null,
                EventTimes.parameter(occurredAt)), "");
    }

    @Delete("/{conversationId}")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = Accepted.class)))
    CompletableFuture<HttpResponse<Accepted>> deleteConversation(HttpRequest<?> request, @PathVariable String conversationId,
                                                                 @Nullable @QueryValue String occurredAt,
                                                                 @Nullable @QueryValue Boolean purge) {
        // ?purge=true: an admin's purge deletes the conversation for good; without it the deletion is soft.
        Instant at = EventTimes.parameter(occurredAt);
        return endpoint.execute(request, null, Boolean.TRUE.equals(purge)
                ? new ConversationCommand.Purge(conversationId, null, null, at)
                : new ConversationCommand.DeleteConversation(conversationId, null, null, at), "");
    }
}
