package dev.threadline.ingest;

import static dev.threadline.ingest.FieldSpec.Type.ATTRIBUTES;
import static dev.threadline.ingest.FieldSpec.Type.CONTENT;
import static dev.threadline.ingest.FieldSpec.Type.FLAG;
import static dev.threadline.ingest.FieldSpec.Type.ID;
import static dev.threadline.ingest.FieldSpec.Type.INSTANT;
import static dev.threadline.ingest.FieldSpec.Type.INTEGER;
import static dev.threadline.ingest.FieldSpec.Type.LONG;
import static dev.threadline.ingest.FieldSpec.Type.RECORD;
import static dev.threadline.ingest.FieldSpec.Type.RECORDS;
import static dev.threadline.ingest.FieldSpec.Type.REQUIRED_TEXT;
import static dev.threadline.ingest.FieldSpec.Type.TEXT;
import static dev.threadline.ingest.FieldSpec.Type.TEXTS;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every command route of the ingest API with a valid request for it and the fields of its body, as docs/api.md
 * documents them. A request is made for one conversation id, the fuzz suite's marker of what it may publish.
 */
final class CommandRoutes {

    /**
     * A route: method, path ({@code {c}}, {@code {m}}, {@code {u}} stand for conversation, message and user), the
     * valid body for a conversation id (null for none), its fields, and the command's {@code type} and body key in a
     * batch.
     */
    record Route(String method, String path, Function<String, Map<String, Object>> body, List<FieldSpec> fields,
                 String batchType, String batchKey) {

        String pathFor(String conversationId, String messageId, String userId) {
            return path.replace("{c}", conversationId).replace("{m}", messageId).replace("{u}", userId);
        }

        boolean hasBody() {
            return body != null;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final Route START = new Route("POST", "/v1/conversations", CommandRoutes::start, startFields(), "startConversation", "conversation");
    static final Route POST = new Route("POST", "/v1/conversations/{c}/messages", CommandRoutes::message, messageFields(), "postMessage", "message");
    static final Route UPDATE = new Route("PATCH", "/v1/conversations/{c}", id -> update(), updateFields(), "updateConversation", "changes");
    static final Route ADD = new Route("POST", "/v1/conversations/{c}/participants", id -> object("userId", "agent-2", "role", "agent",
            "actor", actor()), concat(List.of(FieldSpec.required("userId", REQUIRED_TEXT, 200), FieldSpec.name("role", FieldSpec.ROLES, true),
            FieldSpec.optional("actor", RECORD, 0)), nested("actor", actorFields())), "addParticipant", "participant");
    static final Route REMOVE = new Route("DELETE", "/v1/conversations/{c}/participants/{u}", null, List.of(), null, null);
    static final Route READ = new Route("POST", "/v1/conversations/{c}/read", id -> object("userId", "customer-1", "upToSeq", 3),
            List.of(FieldSpec.required("userId", REQUIRED_TEXT, 200), FieldSpec.number("upToSeq", LONG, 1, Expect.rejected(null))), "markRead", "read");
    static final Route FLAGS = new Route("PUT", "/v1/conversations/{c}/flags", id -> object("userId", "customer-1", "archived", true,
            "pinned", false), List.of(FieldSpec.required("userId", REQUIRED_TEXT, 200), FieldSpec.optional("archived", FLAG, 0),
            FieldSpec.optional("pinned", FLAG, 0)), "setFlags", "flags");
    static final Route EDIT = new Route("PATCH", "/v1/conversations/{c}/messages/{m}", id -> object("content", "Edited text", "actor", actor()),
            concat(List.of(FieldSpec.required("content", CONTENT, FieldSpec.CONTENT_BYTES), FieldSpec.optional("actor", RECORD, 0)),
                    nested("actor", actorFields())), "editMessage", "edit");
    static final Route DELETE_MESSAGE = new Route("DELETE", "/v1/conversations/{c}/messages/{m}", null, List.of(), null, null);
    static final Route DELETE = new Route("DELETE", "/v1/conversations/{c}", null, List.of(), null, null);

    static final List<Route> ALL = List.of(START, POST, UPDATE, ADD, REMOVE, READ, FLAGS, EDIT, DELETE_MESSAGE, DELETE);
    static final List<Route> WITH_BODY = ALL.stream().filter(Route::hasBody).toList();

    private CommandRoutes() {
    }

    private static Map<String, Object> start(String conversationId) {
        return object("id", conversationId, "kind", "support", "title", "Parcel lost", "status", "open", "priority", "high",
                "createdBy", "customer-1", "participants", new ArrayList<>(List.of(object("userId", "customer-1", "role", "user"))),
                "tags", new ArrayList<>(List.of("parcel")), "attributes", object("orderId", "o-1"), "model", "support-llm",
                "contextWindow", 8192, "firstMessage", message(conversationId));
    }

    /** A message whose ids derive from its conversation's, so that a replayed case sends the same ones. */
    private static Map<String, Object> message(String conversationId) {
        return object("id", derived(conversationId, "message"), "senderId", "customer-1", "senderRole", "user", "content", "My parcel never arrived",
                "contentType", "text/plain", "tokensUsed", 12, "model", "support-llm", "replyTo", derived(conversationId, "reply"),
                "attributes", object("channel", "web"), "occurredAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString());
    }

    static String derived(String conversationId, String what) {
        return UUID.nameUUIDFromBytes((conversationId + "|" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> update() {
        return object("status", "pending", "priority", "low", "title", "Parcel found", "summary", "It was at the neighbour's",
                "keyTopics", new ArrayList<>(List.of("delivery")), "tags", new ArrayList<>(List.of("parcel")),
                "attributes", object("orderId", "o-1"), "reason", "customer called", "actor", actor());
    }

    private static Map<String, Object> actor() {
        return object("id", "agent-9", "role", "agent");
    }

    private static List<FieldSpec> startFields() {
        return concat(List.of(FieldSpec.optional("id", ID, 0), FieldSpec.name("kind", FieldSpec.KINDS, true),
                FieldSpec.optional("title", TEXT, 500), FieldSpec.name("status", FieldSpec.STATUSES, false),
                FieldSpec.name("priority", FieldSpec.PRIORITIES, false), FieldSpec.optional("createdBy", TEXT, 200),
                FieldSpec.optional("participants", RECORDS, 1_000), FieldSpec.optional("tags", TEXTS, 100),
                FieldSpec.optional("attributes", ATTRIBUTES, 100), FieldSpec.optional("model", TEXT, 200),
                FieldSpec.number("contextWindow", INTEGER, 1, Expect.accepted()), FieldSpec.optional("firstMessage", RECORD, 0)),
                nested("participants", 0, List.of(FieldSpec.required("userId", REQUIRED_TEXT, 200), FieldSpec.name("role", FieldSpec.ROLES, true))),
                nested("firstMessage", messageFields()));
    }

    private static List<FieldSpec> messageFields() {
        return List.of(FieldSpec.optional("id", ID, 0), FieldSpec.optional("senderId", TEXT, 200),
                FieldSpec.name("senderRole", FieldSpec.ROLES, true), FieldSpec.required("content", CONTENT, FieldSpec.CONTENT_BYTES),
                FieldSpec.optional("contentType", TEXT, 100), FieldSpec.number("tokensUsed", INTEGER, 0, Expect.accepted()),
                FieldSpec.optional("model", TEXT, 200), FieldSpec.optional("replyTo", ID, 0),
                FieldSpec.optional("attributes", ATTRIBUTES, 100), FieldSpec.optional("occurredAt", INSTANT, 0));
    }

    private static List<FieldSpec> updateFields() {
        return concat(List.of(FieldSpec.name("status", FieldSpec.STATUSES, false), FieldSpec.name("priority", FieldSpec.PRIORITIES, false),
                FieldSpec.optional("title", TEXT, 500), FieldSpec.optional("summary", TEXT, 10_000),
                FieldSpec.optional("keyTopics", TEXTS, 100), FieldSpec.optional("tags", TEXTS, 100),
                FieldSpec.optional("attributes", ATTRIBUTES, 100), FieldSpec.optional("reason", TEXT, 1_000),
                FieldSpec.optional("actor", RECORD, 0)), nested("actor", actorFields()));
    }

    private static List<FieldSpec> actorFields() {
        return List.of(FieldSpec.optional("id", TEXT, 200), FieldSpec.name("role", FieldSpec.ROLES, true));
    }

    private static List<FieldSpec> nested(Object... parentThenFields) {
        List<Object> parent = new ArrayList<>(List.of(parentThenFields).subList(0, parentThenFields.length - 1));
        @SuppressWarnings("unchecked")
        List<FieldSpec> fields = (List<FieldSpec>) parentThenFields[parentThenFields.length - 1];
        return fields.stream().map(field -> field.under(parent)).toList();
    }

    @SafeVarargs
    private static List<FieldSpec> concat(List<FieldSpec>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }

    /** A mutable, ordered JSON object of name-value pairs. */
    static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }
}
