package dev.threadline.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a source record into the item of {@code POST /v1/batch} that imports it (docs/import.md): a conversation
 * into {@code startConversation}, a participant into {@code addParticipant}, a message into {@code postMessage}, a
 * status change or a description's update into {@code updateConversation}, a read into {@code markRead}, a
 * participant's flags into {@code setFlags}, an edit into {@code editMessage}, a deletion into
 * {@code deleteConversation}; each at the record's own time,
 * each id
 * derived from the source's ({@link SourceIds}). Only the shape is checked here: a record of an unknown type, without
 * the ids it needs or with a field its type does not have is refused with the reason; every other rule is the ingest
 * service's, which answers per item.
 */
final class CommandMapper {

    /** The fields of each record type; {@code type} is every record's. */
    static final Map<String, Set<String>> FIELDS = Map.of(
            "conversation", Set.of("id", "kind", "title", "status", "priority", "createdBy", "tags", "attributes", "model",
                    "contextWindow", "startedAt"),
            "participant", Set.of("conversationId", "userId", "role", "joinedAt"),
            "message", Set.of("conversationId", "id", "senderId", "senderRole", "content", "contentType", "tokensUsed",
                    "model", "replyTo", "attributes", "occurredAt"),
            "status", Set.of("conversationId", "status", "priority", "reason", "occurredAt"),
            "read", Set.of("conversationId", "userId", "upToMessageId", "occurredAt"),
            "delete", Set.of("conversationId", "reason", "occurredAt"),
            "update", Set.of("conversationId", "title", "summary", "keyTopics", "tags", "attributes", "occurredAt"),
            "flags", Set.of("conversationId", "userId", "archived", "pinned", "favorited", "muted", "occurredAt"),
            "edit", Set.of("conversationId", "messageId", "content", "occurredAt"));

    /** The fields each record type must have. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "conversation", List.of("id", "kind", "startedAt"),
            "participant", List.of("conversationId", "userId", "role"),
            "message", List.of("conversationId", "id", "senderRole", "content", "occurredAt"),
            "status", List.of("conversationId", "occurredAt"),
            "read", List.of("conversationId", "userId", "upToMessageId", "occurredAt"),
            "delete", List.of("conversationId", "occurredAt"),
            "update", List.of("conversationId", "occurredAt"),
            "flags", List.of("conversationId", "userId", "occurredAt"),
            "edit", List.of("conversationId", "messageId", "content", "occurredAt"));

    /** The fields that hold times. */
    private static final List<String> TIMES = List.of("startedAt", "joinedAt", "occurredAt");

    /** A record that cannot be imported, with the reason. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ObjectMapper json;
    private final SourceIds ids;

    CommandMapper(ObjectMapper json, SourceIds ids) {
        this.json = json;
        this.ids = ids;
    }

    /** The batch item importing {@code record}, and the kind of record it was. */
    ObjectNode item(SourceRecord record) throws Refused {
        ObjectNode in = record.fields();
        JsonNode typeNode = in.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new Refused("type: must be one of " + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
        }
        String type = typeNode.asText();
        Set<String> known = FIELDS.get(type);
        if (known == null) {
            throw new Refused("type: unknown record type '" + type + "'; one of "
                    + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("type") && !known.contains(name)) {
                problems.add(name + ": not a field of a " + type + " record");
            }
        }
        for (String name : REQUIRED.get(type)) {
            JsonNode value = in.get(name);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                problems.add(name + ": required for a " + type + " record");
            }
        }
        for (String name : TIMES) {
            JsonNode value = in.get(name);
            if (value != null && !value.isNull()) {
                try {
                    // One form for every source: a database's "+00:00" offsets become the UTC "Z" form.
                    in.put(name, Instant.parse(value.asText()).toString());
                } catch (DateTimeParseException e) {
                    problems.add(name + ": not an ISO-8601 time with an offset, such as 2023-03-14T09:00:00Z");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused(String.join("; ", problems));
        }
        String conversation = type.equals("conversation") ? text(in, "id") : text(in, "conversationId");
        ObjectNode item = json.createObjectNode();
        switch (type) {
            case "conversation" -> {
                item.put("type", "startConversation");
                ObjectNode body = item.putObject("conversation");
                body.put("id", ids.conversation(conversation));
                copy(in, body, "kind", "title", "status", "priority", "createdBy", "tags", "attributes", "model", "contextWindow");
                body.set("occurredAt", in.get("startedAt"));
            }
            case "participant" -> {
                item.put("type", "addParticipant");
                item.put("conversationId", ids.conversation(conversation));
                ObjectNode body = item.putObject("participant");
                copy(in, body, "userId", "role");
                copyAs(in, body, "joinedAt", "occurredAt");
            }
            case "message" -> {
                item.put("type", "postMessage");
                item.put("conversationId", ids.conversation(conversation));
                ObjectNode body = item.putObject("message");
                body.put("id", ids.message(conversation, text(in, "id")));
                copy(in, body, "senderId", "senderRole", "content", "contentType", "tokensUsed", "model", "attributes",
                        "occurredAt");
                if (in.hasNonNull("replyTo")) {
                    body.put("replyTo", ids.message(conversation, text(in, "replyTo")));
                }
            }
            case "status" -> {
                item.put("type", "updateConversation");
                item.put("conversationId", ids.conversation(conversation));
                copy(in, item.putObject("changes"), "status", "priority", "reason", "occurredAt");
            }
            case "read" -> {
                item.put("type", "markRead");
                item.put("conversationId", ids.conversation(conversation));
                ObjectNode body = item.putObject("read");
                body.set("userId", in.get("userId"));
                body.put("upToMessageId", ids.message(conversation, text(in, "upToMessageId")));
                body.set("occurredAt", in.get("occurredAt"));
            }
            case "delete" -> {
                item.put("type", "deleteConversation");
                item.put("conversationId", ids.conversation(conversation));
                copy(in, item, "reason", "occurredAt");
            }
            case "update" -> {
                item.put("type", "updateConversation");
                item.put("conversationId", ids.conversation(conversation));
                copy(in, item.putObject("changes"), "title", "summary", "keyTopics", "tags", "attributes", "occurredAt");
            }
            case "flags" -> {
                item.put("type", "setFlags");
                item.put("conversationId", ids.conversation(conversation));
                copy(in, item.putObject("flags"), "userId", "archived", "pinned", "favorited", "muted", "occurredAt");
            }
            case "edit" -> {
                item.put("type", "editMessage");
                item.put("conversationId", ids.conversation(conversation));
                item.put("messageId", ids.message(conversation, text(in, "messageId")));
                copy(in, item.putObject("edit"), "content", "occurredAt");
            }
            default -> throw new IllegalStateException("FIELDS and the switch disagree on " + type);
        }
        return item;
    }

    private static String text(ObjectNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }

    private static void copy(ObjectNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            copyAs(from, to, field, field);
        }
    }

    private static void copyAs(ObjectNode from, ObjectNode to, String field, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }
}
