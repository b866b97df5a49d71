package dev.threadline.ingest.api;

import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.Ids;
import dev.threadline.ingest.command.NewMessage;
import dev.threadline.ingest.command.StartConversation;
import dev.threadline.ingest.service.ConversationCommands;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.CompletableFuture;

/** HTTP adapter for conversation commands; answers 202 once Kafka acknowledged every event. */
@Controller("/v1/conversations")
class ConversationController {

    private final ConversationCommands commands;

    ConversationController(ConversationCommands commands) {
        this.commands = commands;
    }

    private static HttpResponse<Accepted> accepted(Accepted body) {
        return HttpResponse.<Accepted>accepted().body(body);
    }

    @Post
    CompletableFuture<HttpResponse<Accepted>> start(@Body @Valid StartConversation command) {
        return commands.start(command).thenApply(ConversationController::accepted);
    }

    @Post("/{conversationId}/messages")
    CompletableFuture<HttpResponse<Accepted>> postMessage(
            @PathVariable @Pattern(regexp = Ids.UUID_PATTERN, message = "must be a UUID") String conversationId,
            @Body @Valid NewMessage message) {
        return commands.postMessage(conversationId, message).thenApply(ConversationController::accepted);
    }
}
