package dev.threadline.ingest.service;

import dev.threadline.events.Actor;
import dev.threadline.events.Role;
import dev.threadline.ingest.command.ConversationEventFactory;
import dev.threadline.ingest.command.Erasure;
import dev.threadline.ingest.command.ErasureBody;
import dev.threadline.ingest.command.IdSource;
import dev.threadline.ingest.messaging.ConversationEventPublisher;
import dev.threadline.ingest.messaging.KafkaUnavailableException;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.security.Caller;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Erases a user (docs/lifecycle.md): one {@code UserErased} event, written in one transaction to every partition of
 * conversation-events, so that it takes its place in the order of every conversation and each consumer erases the
 * user from the conversations it reads, and from their later events. Only an admin erases (anyone while
 * authentication is off); an admin of a tenant erases the user from that tenant's conversations.
 */
@Singleton
public class UserErasures {

    static final int MAX_USER_ID = 200;
    private static final String PSEUDONYM_PREFIX = "erased-";

    private final ConversationEventFactory events;
    private final ConversationEventPublisher publisher;

    public UserErasures(ConversationEventFactory events, ConversationEventPublisher publisher) {
        this.events = events;
        this.publisher = publisher;
    }

    /**
     * @throws InvalidRequestException   if the user id is blank or too long; nothing is published
     * @throws CommandForbiddenException if {@code caller} (null: authentication off) is not an admin
     */
    public CompletableFuture<Erasure> erase(String userId, ErasureBody erasure, Caller caller) {
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw new InvalidRequestException(List.of(new FieldError("userId",
                    "must be a user id of 1 to " + MAX_USER_ID + " characters")));
        }
        if (caller != null && !caller.roles().contains("admin")) {
            throw new CommandForbiddenException("only an admin token erases a user (the token's roles are " + caller.roles() + ")");
        }
        int partitions = publisher.partitionCount();
        if (partitions == 0) {
            throw new KafkaUnavailableException("conversation-events has no partitions Kafka knows of; nothing was published",
                    Duration.ofSeconds(5), null);
        }
        // A pseudonym of its own for every erasure: nothing links it to the user id.
        String replacement = erasure.usesPseudonym() ? PSEUDONYM_PREFIX + UUID.randomUUID() : null;
        Actor actor = caller == null ? new Actor(null, Role.admin) : new Actor(caller.id(), Role.admin);
        var event = events.erased(userId, erasure, replacement, partitions, actor, Caller.tenantOf(caller), IdSource.random());
        return ConversationEventPublisher.mapReceipts(publisher.publishToEveryPartition(event, partitions),
                receipts -> new Erasure(userId, replacement, erasure.redactsContent(), receipts));
    }
}
