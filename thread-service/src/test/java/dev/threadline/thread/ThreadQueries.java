package dev.threadline.thread;

import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import dev.threadline.testkit.QueryValues.Value;
import dev.threadline.testkit.QueryValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generated requests to the thread service's read API: a valid query of a route with one parameter or path variable
 * changed, given twice, left out, or an unknown one added (unknown parameters are ignored, as docs/api.md says), each
 * with the answer the API documents.
 */
final class ThreadQueries {

    /** A request and its documented answer; {@code field} is the parameter a 400 must name. */
    record Query(String method, String target, int status, String field, String change) {

        @Override
        public String toString() {
            return "%s %s%n  change: %s%n  expected: %d%s".formatted(method, FuzzRun.readable(target), change, status,
                    field == null ? "" : " naming " + field);
        }
    }

    /** A route: its path for the known conversation, its valid parameters, and what each parameter takes. */
    private record Route(String path, Map<String, String> valid, Map<String, Gen<Value>> parameters) {
    }

    private static final List<String> STATUSES = List.of("open", "pending", "resolved");
    private static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");
    private static final List<String> KINDS = List.of("support", "direct", "group", "ai_chat", "roleplay", "custom");
    private static final long FIRST_TIMESTAMP_MICROS = Instant.parse("-4713-11-24T00:00:00Z").getEpochSecond() * 1_000_000;
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");
    private static final String ORDER = "an instant in range but not ";

    private ThreadQueries() {
    }

    static Gen<Query> queries(String conversationId) {
        List<Route> routes = routes(conversationId);
        return Gen.oneOf(
                Gen.of(routes).flatMap(route -> Gen.of(List.copyOf(route.parameters().keySet())).flatMap(name -> route.parameters().get(name)
                        .map(value -> query(route, name, value.encoded(), value.valid() ? 200 : 400,
                                value.description().startsWith(ORDER) ? "from" : name, value.toString())))),
                Gen.of(routes).flatMap(route -> Gen.of(List.copyOf(route.valid().keySet())).map(name -> twice(route, name))),
                Gen.of(routes).map(route -> query(route, "unknown" + route.valid().size(), "ignored", 200, null, "an unknown parameter")),
                Gen.of(routes).flatMap(route -> QueryValues.unknownName(known(route)).map(name ->
                        query(route, name, "ignored", 200, null, "an unknown parameter named " + name))),
                Gen.of(routes).flatMap(route -> Gen.of(List.copyOf(route.valid().keySet())).map(name -> without(route, name))),
                pathVariables(conversationId),
                Gen.of(routes).flatMap(route -> Gen.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FUZZ")
                        .map(method -> new Query(method, route.path(), 405, null, method + " on a GET route"))),
                Gen.just(new Query("GET", "/v1/search?q=" + "a".repeat(17_000), 414, null, "a URL over the request line limit")));
    }

    private static List<Route> routes(String id) {
        String conversation = "/v1/conversations/" + id;
        Map<String, Gen<Value>> list = new LinkedHashMap<>();
        list.put("participant", QueryValues.text(256));
        list.put("status", QueryValues.name(STATUSES));
        list.put("priority", QueryValues.name(PRIORITIES));
        list.put("kind", QueryValues.name(KINDS));
        list.put("tag", QueryValues.text(256));
        List.of("archived", "pinned", "favorited", "pinnedFirst", "includeLeft").forEach(flag -> list.put(flag, QueryValues.flag()));
        list.put("limit", QueryValues.integer(1, 200));
        list.put("cursor", activityCursors());
        return List.of(
                new Route("/v1/conversations", valid("participant", "customer-1", "status", "open", "priority", "high", "kind", "support",
                        "tag", "parcel", "archived", "false", "pinned", "false", "favorited", "false", "pinnedFirst", "false",
                        "includeLeft", "false", "limit", "10"), list),
                new Route(conversation, valid("includeDeleted", "false"), Map.of("includeDeleted", QueryValues.flag())),
                new Route(conversation + "/messages", valid("beforeSeq", "100", "limit", "20"), Map.of(
                        "beforeSeq", QueryValues.integer(1, Long.MAX_VALUE), "limit", QueryValues.integer(1, 500),
                        // beforeSeq and afterSeq ask for different pages: afterSeq beside it is wrong whatever its value
                        "afterSeq", QueryValues.integer(0, Long.MAX_VALUE).map(v -> new Value(v.encoded(), false, "beside beforeSeq")))),
                new Route(conversation + "/context", valid("maxMessages", "50", "maxTokens", "4000"), Map.of(
                        "maxMessages", QueryValues.integer(1, 1_000), "maxTokens", QueryValues.integer(1, 10_000_000))),
                new Route("/v1/users/customer-1/unread", valid("limit", "5"), Map.of("limit", QueryValues.integer(1, 200))),
                new Route("/v1/search", valid("q", "parcel", "participant", "customer-1", "limit", "5"), Map.of(
                        "q", QueryValues.text(1_000), "participant", QueryValues.text(256), "limit", QueryValues.integer(1, 200),
                        "cursor", searchCursors())),
                new Route("/v1/reports/summary", valid("from", FROM.toString(), "to", TO.toString(), "top", "5"), Map.of(
                        "from", QueryValues.instant().map(v -> relative(v, time -> time.isBefore(TO), "before to")),
                        "to", QueryValues.instant().map(v -> relative(v, time -> time.isAfter(FROM), "after from")),
                        "top", QueryValues.integer(1, 100))));
    }

    /** The conversation's id and a user's id in the path, changed. */
    private static Gen<Query> pathVariables(String id) {
        List<String> suffixes = List.of("", "/messages", "/context", "/events");
        return Gen.oneOf(
                Gen.of(suffixes).flatMap(suffix -> Gen.oneOf(
                        Gen.just(new Query("GET", "/v1/conversations/" + id + suffix, 200, null, "the known conversation")),
                        Gen.uuids().map(unknown -> new Query("GET", "/v1/conversations/" + unknown + suffix, 404, null, "an unknown conversation")),
                        Gen.just(new Query("GET", "/v1/conversations/" + id.toUpperCase() + suffix, 200, null,
                                "its id in upper case, the same UUID")),
                        segments().map(v -> new Query("GET", "/v1/conversations/" + v.encoded() + suffix, 400, "id", "id " + v)))),
                segments().map(v -> new Query("GET", "/v1/users/" + v.encoded() + "/unread",
                        v.valid() ? 200 : 400, v.valid() ? null : "userId", "userId " + v)));
    }

    /** Text for a path segment: not empty, and no dot segment, which would move the path up. */
    private static Gen<Value> segments() {
        return QueryValues.text(256).filter(v -> !v.encoded().isEmpty() && !v.encoded().matches("\\.+"));
    }

    /** Cursors of the conversation list: forged ones of every time (valid if PostgreSQL holds it), and garbage. */
    private static Gen<Value> activityCursors() {
        return Gen.oneOf(
                Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).flatMap(micros -> Gen.uuids().map(id -> new Value(cursor("a|-|" + micros + "|" + id),
                        micros >= FIRST_TIMESTAMP_MICROS, "a cursor at " + micros + " µs"))),
                Gen.uuids().map(id -> new Value(cursor("a|p||" + id), false, "a cursor of another ordering")),
                garbage());
    }

    /** Search cursors, {@code s|<rank as float bits in hex>|<message id>|<conversation id>}: forged ones of every rank, and garbage. */
    private static Gen<Value> searchCursors() {
        return Gen.oneOf(
                Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).flatMap(bits -> Gen.uuids().flatMap(message -> Gen.uuids().map(conversation ->
                        new Value(cursor("s|" + Integer.toHexString(bits) + "|" + message + "|" + conversation),
                                Float.isFinite(Float.intBitsToFloat(bits)), "a cursor at rank bits " + Integer.toHexString(bits))))),
                Gen.uuids().map(id -> new Value(cursor("s|" + Integer.toHexString(Float.floatToIntBits(0.5f)) + "|" + id), false,
                        "a cursor without its conversation id")),
                garbage());
    }

    private static Gen<Value> garbage() {
        return Gen.strings(Gen.codePoints('!', '~'), 0, 60).map(text -> new Value(QueryValues.encode(text), false, "garbage"));
    }

    private static String cursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** An instant in range that breaks "from before to" is rejected too; the problem names from, whichever one moved. */
    private static Value relative(Value value, java.util.function.Predicate<Instant> rule, String what) {
        return value.valid() && !rule.test(Instant.parse(value.encoded())) ? new Value(value.encoded(), false, ORDER + what) : value;
    }

    /** The parameters the route has. */
    private static Set<String> known(Route route) {
        Set<String> known = new HashSet<>(route.valid().keySet());
        known.addAll(route.parameters().keySet());
        return known;
    }

    private static Query query(Route route, String name, String encoded, int status, String field, String change) {
        Map<String, String> parameters = new LinkedHashMap<>(route.valid());
        parameters.put(name, encoded);
        return new Query("GET", target(route.path(), parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()),
                status, status == 200 ? null : field, name + ": " + change);
    }

    private static Query twice(Route route, String name) {
        List<String> pairs = new ArrayList<>(route.valid().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        pairs.add(name + "=" + route.valid().get(name));
        return new Query("GET", target(route.path(), pairs), 400, name, name + " given twice");
    }

    private static Query without(Route route, String name) {
        Map<String, String> parameters = new LinkedHashMap<>(route.valid());
        parameters.remove(name);
        List<String> pairs = parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        // Search needs q; a participant's own flags need participant.
        return name.equals("q") ? new Query("GET", target(route.path(), pairs), 400, "q", "without q")
                : name.equals("participant") && route.path().equals("/v1/conversations")
                ? new Query("GET", target(route.path(), pairs), 400, "archived", "flags without participant")
                : new Query("GET", target(route.path(), pairs), 200, null, "without " + name);
    }

    private static String target(String path, List<String> pairs) {
        return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
    }

    private static Map<String, String> valid(String... namesAndValues) {
        Map<String, String> valid = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            valid.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return valid;
    }
}
