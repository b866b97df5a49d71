package dev.threadline.ingest;

import dev.threadline.ingest.BodyMutations.Mutation;
import dev.threadline.ingest.CommandRoutes.Route;
import dev.threadline.testkit.Gen;
import dev.threadline.testkit.QueryValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Generated requests to the ingest API: a valid request of a route with one thing changed, paired with the answer
 * the API documents for that change. Every request is for a conversation id of its own, its marker.
 */
final class IngestRequests {

    private static final String JSON = "application/json";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FUZZ");
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "/v1/conversations", List.of("POST"), "/v1/conversations/{c}", List.of("PATCH", "DELETE"),
            "/v1/conversations/{c}/messages", List.of("POST"), "/v1/conversations/{c}/participants", List.of("POST"),
            "/v1/conversations/{c}/participants/{u}", List.of("DELETE"), "/v1/conversations/{c}/read", List.of("POST"),
            "/v1/conversations/{c}/flags", List.of("PUT"), "/v1/conversations/{c}/messages/{m}", List.of("PATCH", "DELETE"));
    /** Conversation ids, each request's marker on conversation-events; drawn like any value, so a replay sends the same. */
    private static final Gen<String> IDS = Gen.uuids().map(UUID::toString);
    private static final List<String> TEXTS = List.of("customer-2", "' OR '1'='1", "<b>x</b>", "a b", "日本", "/", "a;b", "emoji \uD83D\uDE00");

    private IngestRequests() {
    }

    /** A route's valid body with one field changed. */
    static Gen<FuzzRequest> bodyFields() {
        return Gen.of(CommandRoutes.WITH_BODY).flatMap(route -> Gen.of(route.fields())
                .flatMap(BodyMutations::of)
                .flatMap(mutation -> IDS.map(id -> request(route, id, JSON, mutation.apply(), mutation.expect(), mutation.description())))
                .flatMap(IngestRequests::keyed));
    }

    /** A batch with one item whose field (or type) is changed, zero to three valid items before it and one to three after. */
    static Gen<FuzzRequest> batchItems() {
        return Gen.of(CommandRoutes.WITH_BODY).flatMap(route -> Gen.ints(0, 3).flatMap(position -> {
            List<Object> prefix = List.of("commands", position, route == CommandRoutes.START ? "conversation" : route.batchKey());
            Gen<Mutation> fields = Gen.of(route.fields()).map(field -> field.under(prefix)).flatMap(BodyMutations::of);
            Gen<List<Map<String, Object>>> companions = Gen.lists(IDS.map(IngestRequests::companion), position + 1, position + 3);
            return Gen.oneOf(fields, itemTypes(position)).flatMap(mutation -> IDS.flatMap(id -> companions.map(valid -> {
                Map<String, Object> item = CommandRoutes.object("type", route.batchType());
                if (route != CommandRoutes.START) {
                    item.put("conversationId", id);
                }
                if (route.path().contains("{m}")) {
                    item.put("messageId", CommandRoutes.derived(id, "path message"));
                }
                item.put(route == CommandRoutes.START ? "conversation" : route.batchKey(), route.body().apply(id));
                List<Object> commands = new ArrayList<>(valid);
                commands.add(position, item);
                Object body = mutation.apply().apply(CommandRoutes.object("commands", commands));
                return new FuzzRequest("POST", "/v1/batch", JSON, FuzzJson.write(body), mutation.expect(), id, position,
                        "item %d of %d: %s".formatted(position, commands.size(), mutation.description()));
            }))).flatMap(IngestRequests::keyed);
        }));
    }

    /** A valid batch item beside the changed one. */
    private static Map<String, Object> companion(String conversationId) {
        return CommandRoutes.object("type", "postMessage", "conversationId", conversationId,
                "message", CommandRoutes.object("senderRole", "agent", "content", "valid companion"));
    }

    /** A valid body that is not one JSON object, under the wrong method or media type, or with a bad Idempotency-Key. */
    static Gen<FuzzRequest> shapes() {
        return Gen.of(CommandRoutes.ALL).flatMap(route -> {
            List<Gen<FuzzRequest>> shapes = new ArrayList<>(List.of(wrongMethods(route)));
            if (route.hasBody()) {
                shapes.add(Gen.of(" garbage", "{}", ",", "]", " null", "\u0000").flatMap(tail ->
                        edited(route, valid -> valid + tail, Expect.rejected(null), "content after the JSON value: " + tail)));
                shapes.add(Gen.ints(1, 80).flatMap(cut -> edited(route, valid -> valid.substring(0, Math.min(cut,
                        valid.length() - 1)), Expect.rejectedSomewhere(), "truncated to " + cut + " characters")));
                shapes.add(Gen.of("[]", "\"x\"", "5", "null", "", "   ", "[{}]", "{\"a\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}")
                        .flatMap(body -> edited(route, valid -> body, Expect.rejectedSomewhere(), "not one JSON object: " + body)));
                shapes.add(Gen.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/problem+json", "application/json-patch+json", "*/*", "json").flatMap(type -> IDS.map(id ->
                        request(route, id, type, body -> body, Expect.status(415), "Content-Type " + type))));
                shapes.add(IDS.map(id -> request(route, id, null, body -> body, Expect.status(415), "no Content-Type")));
                shapes.add(Gen.of("application/json; charset=utf-8", "Application/JSON", "APPLICATION/JSON;charset=UTF-8").flatMap(type ->
                        IDS.map(id -> request(route, id, type, body -> body, Expect.accepted(), "Content-Type " + type))));
            }
            if (route.method().equals("POST")) {
                shapes.add(Gen.of("", " ", "k".repeat(256)).flatMap(key -> IDS.map(id -> request(route, id, JSON, body -> body,
                        Expect.rejected("Idempotency-Key"), "Idempotency-Key of " + key.length() + " characters").withKey(key, false))));
                // Visible ASCII only: the JDK's client sends any other character as '?'. A UUID in each keeps the keys apart.
                shapes.add(Gen.strings(Gen.codePoints('!', '~'), 0, 255 - 36).flatMap(text -> IDS.flatMap(id -> Gen.booleans().map(twice ->
                        request(route, id, JSON, body -> body, Expect.accepted(), "an Idempotency-Key of " + (text.length() + 36)
                                + " characters").withKey(text + id, twice)))));
            }
            return Gen.oneOf(shapes);
        });
    }

    /** A route with one of its path variables changed. */
    static Gen<FuzzRequest> pathVariables() {
        return Gen.of(CommandRoutes.ALL.stream().filter(route -> route.path().contains("{")).toList()).flatMap(route -> {
            List<Gen<FuzzRequest>> variables = new ArrayList<>(List.of(ids(route, "{c}", "conversationId")));
            if (route.path().contains("{m}")) {
                variables.add(ids(route, "{m}", "messageId"));
            }
            if (route.path().contains("{u}")) {
                variables.add(Gen.oneOf(
                        Gen.of(TEXTS).flatMap(text -> path(route, "{u}", QueryValues.encode(text), Expect.accepted(), "user id " + text)),
                        Gen.of("\u0000", " ", "a\u0000", "u".repeat(201)).flatMap(text ->
                                path(route, "{u}", QueryValues.encode(text), Expect.rejected("userId"), "bad user id " + QueryValues.encode(text))),
                        Gen.of(BodyMutations.NOT_UTF8).flatMap(bytes -> path(route, "{u}", "a" + QueryValues.encode(bytes) + "b",
                                Expect.rejected("userId"), "user id not UTF-8"))));
            }
            return Gen.oneOf(variables);
        });
    }

    private static Gen<FuzzRequest> ids(Route route, String variable, String name) {
        return Gen.oneOf(
                IDS.flatMap(id -> Gen.of("42", "not-a-uuid", id + "0", "{" + id + "}", "' OR '1'='1", "\u0000", " ", "a".repeat(300)))
                        .flatMap(text -> path(route, variable, QueryValues.encode(text), Expect.rejected(name),
                                name + " " + QueryValues.encode(text))),
                Gen.of(BodyMutations.NOT_UTF8).flatMap(bytes -> path(route, variable, "a" + QueryValues.encode(bytes) + "b", Expect.rejected(name),
                        name + " not UTF-8")),
                path(route, variable, "a".repeat(5_000), Expect.status(414), name + " of 5000 characters"),
                IDS.flatMap(id -> path(route, variable, id.toUpperCase(), Expect.accepted(), name + " in upper case")));
    }

    private static Gen<Mutation> itemTypes(int position) {
        Expect rejected = Expect.rejected("commands[" + position + "].type");
        List<Object> type = List.of("commands", position, "type");
        return Gen.oneOf(
                Gen.of("nope", "PostMessage", "", "post_message", 5, true, List.of(), Map.of()).map(value ->
                        new Mutation("type " + value, body -> FuzzJson.with(body, type, value), rejected)),
                Gen.just(new Mutation("no type", body -> FuzzJson.without(body, type), rejected)),
                Gen.just(new Mutation("null type", body -> FuzzJson.with(body, type, null), rejected)));
    }

    private static Gen<FuzzRequest> wrongMethods(Route route) {
        List<String> allowed = ALLOWED.get(route.path());
        return Gen.of(METHODS.stream().filter(method -> !allowed.contains(method)).toList()).flatMap(method -> IDS.map(id -> {
            byte[] body = route.hasBody() ? FuzzJson.write(route.body().apply(id)) : null;
            return new FuzzRequest(method, route.pathFor(id, CommandRoutes.derived(id, "path message"), "customer-1"), JSON, body,
                    Expect.status(405), id, -1, method + " on " + route.path());
        }));
    }

    /** A POST as it is, with an Idempotency-Key, or with one and sent twice. */
    private static Gen<FuzzRequest> keyed(FuzzRequest request) {
        return request.method().equals("POST")
                ? Gen.oneOf(Gen.just(request), IDS.flatMap(key -> Gen.booleans().map(twice -> request.withKey("fuzz-" + key, twice))))
                : Gen.just(request);
    }

    private static FuzzRequest request(Route route, String id, String contentType, UnaryOperator<Object> mutation, Expect expect,
                                       String description) {
        byte[] body = route.hasBody() ? FuzzJson.write(mutation.apply(route.body().apply(id))) : null;
        return new FuzzRequest(route.method(), route.pathFor(id, CommandRoutes.derived(id, "path message"), "customer-1"), contentType, body,
                expect, id, -1, description);
    }

    /** The route's valid body as text, edited. */
    private static Gen<FuzzRequest> edited(Route route, UnaryOperator<String> edit, Expect expect, String description) {
        return IDS.map(id -> {
            String valid = FuzzJson.text(route.body().apply(id));
            return new FuzzRequest(route.method(), route.pathFor(id, CommandRoutes.derived(id, "path message"), "customer-1"), JSON,
                    edit.apply(valid).getBytes(StandardCharsets.UTF_8), expect, id, -1, description);
        });
    }

    private static Gen<FuzzRequest> path(Route route, String variable, String encoded, Expect expect, String description) {
        return IDS.flatMap(id -> IDS.map(bodyId -> {
            String conversation = variable.equals("{c}") ? encoded : id;
            String message = variable.equals("{m}") ? encoded : CommandRoutes.derived(id, "path message");
            String user = variable.equals("{u}") ? encoded : "customer-1";
            byte[] body = route.hasBody() ? FuzzJson.write(route.body().apply(bodyId)) : null;
            return new FuzzRequest(route.method(), route.pathFor(conversation, message, user), route.hasBody() ? JSON : null, body,
                    expect, variable.equals("{c}") ? encoded : id, -1, description);
        }));
    }
}
