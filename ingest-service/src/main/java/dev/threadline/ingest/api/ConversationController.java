package dev.threadline.ingest.api;

import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.EditMessage;
import dev.threadline.ingest.command.MarkRead;
import dev.threadline.ingest.command.NewMessage;
import dev.threadline.ingest.command.ParticipantSpec;
import dev.threadline.ingest.command.SetFlags;
import dev.threadline.ingest.command.StartConversation;
import dev.threadline.ingest.command.UpdateConversation;
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
import java.util.concurrent.CompletableFuture;

/**
 * HTTP adapter for conversation commands: each endpoint names its command and hands it to
 * {@link CommandEndpoint}, which checks, publishes and answers 202 once Kafka committed.
 */
@Controller("/v1/conversations")
class ConversationController {

    private final CommandEndpoint endpoint;

    ConversationController(CommandEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Post
    CompletableFuture<HttpResponse<Accepted>> start(HttpRequest<?> request, @Body StartConversation body,
                                                    @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Start(body), "conversation.");
    }

    @Post("/{conversationId}/messages")
    CompletableFuture<HttpResponse<Accepted>> postMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                          @Body NewMessage body,
                                                          @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Post(conversationId, body), "message.");
    }

    @Patch("/{conversationId}")
    CompletableFuture<HttpResponse<Accepted>> update(HttpRequest<?> request, @PathVariable String conversationId,
                                                     @Body UpdateConversation body) {
        return endpoint.execute(request, null, new ConversationCommand.Update(conversationId, body), "changes.");
    }

    @Post("/{conversationId}/participants")
    CompletableFuture<HttpResponse<Accepted>> addParticipant(HttpRequest<?> request, @PathVariable String conversationId,
                                                             @Body ParticipantSpec body,
                                                             @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.AddParticipant(conversationId, body), "participant.");
    }

    @Delete("/{conversationId}/participants/{userId}")
    CompletableFuture<HttpResponse<Accepted>> removeParticipant(HttpRequest<?> request, @PathVariable String conversationId,
                                                                @PathVariable String userId) {
        return endpoint.execute(request, null, new ConversationCommand.RemoveParticipant(conversationId, userId, null), "");
    }

    @Post("/{conversationId}/read")
    CompletableFuture<HttpResponse<Accepted>> markRead(HttpRequest<?> request, @PathVariable String conversationId,
                                                       @Body MarkRead body,
                                                       @Nullable @Header(CommandEndpoint.IDEMPOTENCY_KEY) String key) {
        return endpoint.execute(request, key, new ConversationCommand.Read(conversationId, body), "read.");
    }

    @Put("/{conversationId}/flags")
    CompletableFuture<HttpResponse<Accepted>> setFlags(HttpRequest<?> request, @PathVariable String conversationId,
                                                       @Body SetFlags body) {
        return endpoint.execute(request, null, new ConversationCommand.Flag(conversationId, body), "flags.");
    }

    @Patch("/{conversationId}/messages/{messageId}")
    CompletableFuture<HttpResponse<Accepted>> editMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                          @PathVariable String messageId, @Body EditMessage body) {
        return endpoint.execute(request, null, new ConversationCommand.Edit(conversationId, messageId, body), "edit.");
    }

    @Delete("/{conversationId}/messages/{messageId}")
    CompletableFuture<HttpResponse<Accepted>> deleteMessage(HttpRequest<?> request, @PathVariable String conversationId,
                                                            @PathVariable String messageId) {
        return endpoint.execute(request, null, new ConversationCommand.DeleteMessage(conversationId, messageId, null), "");
    }

    @Delete("/{conversationId}")
    CompletableFuture<HttpResponse<Accepted>> deleteConversation(HttpRequest<?> request, @PathVariable String conversationId) {
        return endpoint.execute(request, null, new ConversationCommand.DeleteConversation(conversationId, null, null), "");
    }
}
