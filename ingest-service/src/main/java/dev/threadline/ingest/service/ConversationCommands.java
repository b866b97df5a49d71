package dev.threadline.ingest.service;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.BatchResult;
import dev.threadline.ingest.command.CommandRules;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.ConversationEventFactory;
import dev.threadline.ingest.command.EventPlan;
import dev.threadline.ingest.command.IdSource;
import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.ingest.messaging.ConversationEventPublisher;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.security.Caller;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Executes conversation commands: checks them against the rules, plans their events and
 * publishes every event of a call in one Kafka transaction, so a command (or a batch) is
 * published whole or not at all and a conversation's events keep the order they were given in.
 */
@Singleton
public class ConversationCommands {

    private final CommandRules rules;
    private final ConversationEventFactory events;
    private final ConversationEventPublisher publisher;

    public ConversationCommands(CommandRules rules, ConversationEventFactory events, ConversationEventPublisher publisher) {
        this.rules = rules;
        this.events = events;
        this.publisher = publisher;
    }

    /**
     * Executes one command of {@code caller} (null when authentication is off), whose events carry the caller's tenant.
     *
     * @throws InvalidRequestException if the command breaks a rule; nothing is published
     * @throws CommandForbiddenException if the caller may not send it; nothing is published
     */
    public CompletableFuture<Accepted> execute(ConversationCommand sent, IdSource ids, Caller caller) {
        ConversationCommand command = CommandPermissions.asSentBy(caller, sent);
        requireValid(caller, command);
        requireAllowed(caller, command);
        EventPlan plan = events.plan(command, ids).inTenant(Caller.tenantOf(caller));
        return ConversationEventPublisher.mapReceipts(publisher.publish(plan.events()),
                receipts -> new Accepted(plan.conversationId(), plan.messageId(), receipts));
    }

    /** @throws CommandForbiddenException if {@code caller} (null: authentication off) may not send the command */
    public void requireAllowed(Caller caller, ConversationCommand command) {
        if (caller != null) {
            CommandPermissions.refusal(caller, CommandPermissions.asSentBy(caller, command)).ifPresent(reason -> {
                throw new CommandForbiddenException(reason);
            });
        }
    }

    /** @throws InvalidRequestException if the command of {@code caller} (null: authentication off) breaks a rule */
    public void requireValid(Caller caller, ConversationCommand command) {
        List<FieldError> errors = rules.check(command, CommandPermissions.mayImport(caller));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /**
     * Executes the valid commands of a batch together, their events in the caller's tenant; each invalid one gets its
     * errors, each one the caller may not send 403, and those publish nothing.
     */
    public CompletableFuture<List<BatchResult>> executeAll(List<ConversationCommand> sent, IdSource ids, Caller caller) {
        String tenant = Caller.tenantOf(caller);
        List<ConversationCommand> commands = sent.stream().map(command -> CommandPermissions.asSentBy(caller, command)).toList();
        boolean importing = CommandPermissions.mayImport(caller);
        List<BatchResult> rejected = new ArrayList<>();
        List<Integer> acceptedIndexes = new ArrayList<>();
        List<EventPlan> plans = new ArrayList<>();
        List<ConversationEvent> all = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            List<FieldError> errors = rules.check(commands.get(i), importing);
            Optional<String> refusal = caller == null || !errors.isEmpty() ? Optional.empty()
                    : CommandPermissions.refusal(caller, commands.get(i));
            if (refusal.isPresent()) {
                rejected.add(BatchResult.forbidden(i, refusal.get()));
            } else if (errors.isEmpty()) {
                EventPlan plan = events.plan(commands.get(i), ids).inTenant(tenant);
                acceptedIndexes.add(i);
                plans.add(plan);
                all.addAll(plan.events());
            } else {
                rejected.add(BatchResult.rejected(i, errors));
            }
        }
        CompletableFuture<List<PublishedEvent>> published =
                all.isEmpty() ? CompletableFuture.completedFuture(List.of()) : publisher.publish(all);
        return ConversationEventPublisher.mapReceipts(published, receipts -> {
            BatchResult[] results = new BatchResult[commands.size()];
            rejected.forEach(result -> results[result.index()] = result);
            int next = 0;
            for (int p = 0; p < plans.size(); p++) {
                EventPlan plan = plans.get(p);
                List<PublishedEvent> own = receipts.subList(next, next + plan.events().size());
                next += plan.events().size();
                results[acceptedIndexes.get(p)] = BatchResult.accepted(acceptedIndexes.get(p),
                        new Accepted(plan.conversationId(), plan.messageId(), List.copyOf(own)));
            }
            return List.of(results);
        });
    }
}
