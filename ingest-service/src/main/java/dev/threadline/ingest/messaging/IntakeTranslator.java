package dev.threadline.ingest.messaging;

import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.CommandRules;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.ConversationEventFactory;
import dev.threadline.ingest.command.EventPlan;
import dev.threadline.ingest.command.IdSource;
import dev.threadline.ingest.command.StorableText;
import dev.threadline.ingest.config.IntakeConfig;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.schemas.events.EventTypes;
import dev.threadline.schemas.logging.LogContext;
import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.serde.MalformedEventException;
import dev.threadline.schemas.serde.UnknownSchemaException;
import dev.threadline.schemas.topics.DeadLetterReasons;
import dev.threadline.schemas.topics.Topics;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decides what the ingest service writes for one record of the intake topic: the events of a valid
 * command, keyed by conversation id, or a dead letter saying why not. A command passes the same
 * {@link CommandRules} and {@link ConversationEventFactory} as over HTTP; its ids derive from its
 * command id, so a redelivered command yields the same conversation, message and event ids.
 * It never throws, so no record can stop the intake.
 */
@Singleton
class IntakeTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeTranslator.class);
    private static final int MAX_ID_LENGTH = 200;

    private static final String INVALID = "invalid";
    private static final String UNPROCESSABLE = "unprocessable";
    /** Every reason a dead letter of the intake may give: the record's own, or its decoder's. */
    static final List<String> REASONS = List.of(DeadLetterReasons.TOMBSTONE, INVALID, UNPROCESSABLE,
            MalformedEventException.REASON, UnknownSchemaException.REASON);

    private final CommandRules rules;
    private final ConversationEventFactory events;
    private final boolean importing;

    IntakeTranslator(CommandRules rules, ConversationEventFactory events, IntakeConfig config) {
        this.rules = rules;
        this.events = events;
        this.importing = config.mayImport();
    }

    /**
     * What one intake record becomes: the records to write (events or one dead letter), the types of the events among
     * them, and the dead letter's reason if it was rejected.
     */
    record Output(List<ProducerRecord<byte[], byte[]>> records, List<String> eventTypes, String deadLetterReason) {
    }

    Output translate(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return deadLetter(record, DeadLetterReasons.TOMBSTONE, "conversation-commands carries no tombstones");
        }
        try {
            ConversationCommandRecord envelope = Topics.CONVERSATION_COMMANDS.valueSerde().deserializer()
                    .deserialize(record.topic(), record.value());
            List<FieldError> errors = envelopeErrors(envelope);
            ConversationCommand command = IntakeCommandMapper.toCommand(envelope);
            if (command.conversationId() != null) {
                MDC.put(LogContext.CONVERSATION_ID, command.conversationId());
            }
            if (errors.isEmpty()) {
                errors = rules.check(command, importing);
            }
            if (!errors.isEmpty()) {
                return deadLetter(record, INVALID, describe(errors));
            }
            EventPlan plan = events.plan(command, IdSource.fromIdempotencyKey("intake:" + envelope.getCommandId()));
            return eventRecords(plan, envelope.getTenant());
        } catch (EventDecodingException e) {
            return deadLetter(record, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // A command the rules passed but that cannot be turned into events is a bug: keep it for a re-drive.
            LOG.error("Intake record {}-{}@{} could not be processed", record.topic(), record.partition(), record.offset(), e);
            return deadLetter(record, UNPROCESSABLE, e.toString());
        } finally {
            MDC.remove(LogContext.CONVERSATION_ID);
        }
    }

    /** The envelope's own rules; the command id must be usable as an idempotency key. */
    private static List<FieldError> envelopeErrors(ConversationCommandRecord envelope) {
        List<FieldError> errors = new ArrayList<>(2);
        requireId(envelope.getCommandId(), "commandId", errors);
        requireId(envelope.getSource(), "source", errors);
        if (envelope.getTenant() != null) {
            StorableText.problem(envelope.getTenant()).ifPresent(message -> errors.add(new FieldError("tenant", message)));
        }
        return errors;
    }

    private static void requireId(String value, String field, List<FieldError> errors) {
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        } else if (value.length() > MAX_ID_LENGTH) {
            errors.add(new FieldError(field, "size must be between 0 and " + MAX_ID_LENGTH));
        } else {
            StorableText.problem(value).ifPresent(message -> errors.add(new FieldError(field, message)));
        }
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
    }

    private static Output eventRecords(EventPlan plan, String tenant) {
        var topic = Topics.CONVERSATION_EVENTS;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(plan.events().size());
        List<String> types = new ArrayList<>(plan.events().size());
        for (ConversationEvent event : plan.inTenant(tenant).events()) {
            records.add(new ProducerRecord<>(topic.name(),
                    topic.keySerde().serializer().serialize(topic.name(), event.getConversationId()),
                    topic.valueSerde().serializer().serialize(topic.name(), event)));
            types.add(EventTypes.of(event));
        }
        return new Output(records, types, null);
    }

    private static Output deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
        LOG.warn("Dead-lettering intake record {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(), reason, detail);
        return new Output(List.of(IntakeDeadLetters.of(record, reason, detail)), List.of(), reason);
    }
}
