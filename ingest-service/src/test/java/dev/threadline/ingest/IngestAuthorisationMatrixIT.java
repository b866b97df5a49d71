package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12's authorisation matrix for commands: every ingest route (and the same command in a batch) × role (user,
 * agent, admin, service, ops, a role that may send nothing) × acting as itself or as someone else, over HTTP with real
 * tokens. A cell leaks when a command the rules refuse is accepted; every cell is checked before the test fails, and
 * the count is printed. The rules: service and admin tokens send anything; user and agent tokens post, edit and delete
 * messages as themselves and mark their own reads and flags; other tokens send nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestAuthorisationMatrixIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final Set<String> PRIVILEGED = Set.of("service", "admin");
    private static final Set<String> PARTICIPANTS = Set.of("user", "agent");
    private static final String OTHER = "someone-else";

    @Inject
    EmbeddedServer server;

    private final String conversation = UUID.randomUUID().toString();
    private final String message = UUID.randomUUID().toString();
    private final List<String> leaks = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();
    private int cells;

    /**
     * A route: how to call it acting as {@code who} with role {@code role}, and whether a user or agent may call it as
     * itself.
     */
    private record Route(String name, String method, String path, BiFunction<String, String, String> body,
                         boolean ownIsAllowed, String batchItem, boolean adminOnly) {

        Route(String name, String method, String path, BiFunction<String, String, String> body, boolean ownIsAllowed,
              String batchItem) {
            this(name, method, path, body, ownIsAllowed, batchItem, false);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.service("ingest_authorisation_matrix_it");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noCommandIsAcceptedThatTheRulesRefuse() {
        String c = "/v1/conversations/" + conversation;
        List<Route> routes = List.of(
                new Route("start", "POST", "/v1/conversations", (who, role) -> """
                        {"kind": "support", "title": "Help", "createdBy": "%s",
                         "participants": [{"userId": "%s", "role": "user"}]}""".formatted(who, who), false,
                        "{\"type\": \"startConversation\", \"conversation\": {\"kind\": \"support\", \"createdBy\": \"%1$s\"}}"),
                new Route("post", "POST", c + "/messages", (who, role) -> """
                        {"senderId": "%s", "senderRole": "%s", "content": "hello"}""".formatted(who, role), true,
                        "{\"type\": \"postMessage\", \"conversationId\": \"" + conversation
                                + "\", \"message\": {\"senderId\": \"%1$s\", \"senderRole\": \"%2$s\", \"content\": \"hi\"}}"),
                new Route("update", "PATCH", c, (who, role) -> "{\"status\": \"resolved\"}", false,
                        "{\"type\": \"updateConversation\", \"conversationId\": \"" + conversation
                                + "\", \"changes\": {\"status\": \"pending\"}}"),
                new Route("add participant", "POST", c + "/participants",
                        (who, role) -> "{\"userId\": \"%s\", \"role\": \"user\"}".formatted(who), false,
                        "{\"type\": \"addParticipant\", \"conversationId\": \"" + conversation
                                + "\", \"participant\": {\"userId\": \"%1$s\", \"role\": \"user\"}}"),
                new Route("remove participant", "DELETE", c + "/participants/%s", null, false,
                        "{\"type\": \"removeParticipant\", \"conversationId\": \"" + conversation + "\", \"userId\": \"%1$s\"}"),
                new Route("read", "POST", c + "/read", (who, role) -> "{\"userId\": \"%s\", \"upToSeq\": 1}".formatted(who), true,
                        "{\"type\": \"markRead\", \"conversationId\": \"" + conversation
                                + "\", \"read\": {\"userId\": \"%1$s\", \"upToSeq\": 1}}"),
                new Route("flags", "PUT", c + "/flags", (who, role) -> "{\"userId\": \"%s\", \"pinned\": true}".formatted(who), true,
                        "{\"type\": \"setFlags\", \"conversationId\": \"" + conversation
                                + "\", \"flags\": {\"userId\": \"%1$s\", \"pinned\": true}}"),
                new Route("edit", "PATCH", c + "/messages/" + message, (who, role) -> """
                        {"content": "fixed", "actor": {"id": "%s", "role": "%s"}}""".formatted(who, role), true,
                        "{\"type\": \"editMessage\", \"conversationId\": \"" + conversation + "\", \"messageId\": \"" + message
                                + "\", \"edit\": {\"content\": \"fixed\", \"actor\": {\"id\": \"%1$s\", \"role\": \"%2$s\"}}}"),
                new Route("delete message", "DELETE", c + "/messages/" + message, null, true,
                        "{\"type\": \"deleteMessage\", \"conversationId\": \"" + conversation + "\", \"messageId\": \"" + message
                                + "\"}"),
                new Route("delete conversation", "DELETE", c, null, false,
                        "{\"type\": \"deleteConversation\", \"conversationId\": \"" + conversation + "\"}"),
                new Route("purge conversation", "DELETE", c + "?purge=true", null, false,
                        "{\"type\": \"purgeConversation\", \"conversationId\": \"" + conversation + "\"}", true),
                new Route("erase user", "POST", "/v1/users/%s/erasure", (who, role) -> "{\"replaceWith\": \"pseudonym\"}", false,
                        null, true));
        for (String role : List.of("user", "agent", "admin", "service", "ops", "viewer")) {
            String self = role + "-" + UUID.randomUUID().toString().substring(0, 6);
            String token = "Bearer " + DevelopmentTokens.processToken(self, role);
            // The role a message is written in: the token's where it is one a participant can have
            String speaks = Set.of("user", "agent", "admin").contains(role) ? role : "user";
            for (Route route : routes) {
                for (String who : List.of(self, OTHER)) {
                    boolean acting = route.body() != null && route.body().apply(who, speaks).contains(who)
                            || route.path().contains("%s");
                    if (!acting && who.equals(OTHER)) {
                        continue; // a route that names nobody has one cell per role
                    }
                    boolean allowed = route.adminOnly() ? role.equals("admin") : PRIVILEGED.contains(role)
                            || PARTICIPANTS.contains(role) && route.ownIsAllowed() && (who.equals(self) || !acting);
                    String path = route.path().contains("%s") ? route.path().formatted(who) : route.path();
                    String body = route.body() == null ? "" : route.body().apply(who, speaks);
                    check(role + " " + route.name() + (acting ? " as " + (who.equals(self) ? "itself" : "someone else") : ""),
                            HTTP.json(server.getURI(), route.method(), path, body, "Authorization", token).statusCode(), allowed);
                    if (route.batchItem() != null) {
                        HttpResponse<String> batch = HTTP.json(server.getURI(), "POST", "/v1/batch",
                                "{\"commands\": [" + route.batchItem().formatted(who, speaks) + "]}", "Authorization", token);
                        int status = batch.statusCode() == 202
                                ? ((Number) ((List<Map<String, Object>>) TestHttp.body(batch).get("results")).getFirst()
                                        .get("status")).intValue()
                                : batch.statusCode();
                        check(role + " batch " + route.name() + (acting ? " as " + (who.equals(self) ? "itself" : "someone else")
                                : ""), status, allowed);
                    }
                }
            }
        }
        System.out.printf("Ingest authorisation matrix: %d cells, %d leaks, %d other failures%n", cells, leaks.size(), wrong.size());
        assertThat(leaks).as("commands accepted that the rules refuse").isEmpty();
        assertThat(wrong).as("commands answered otherwise than the rules say").isEmpty();
        assertThat(cells).isGreaterThan(100);
    }

    private void check(String cell, int status, boolean allowed) {
        cells++;
        if (status == 202 && !allowed) {
            leaks.add(cell + ": 202");
        } else if (status != (allowed ? 202 : 403)) {
            wrong.add(cell + ": " + status + ", not " + (allowed ? 202 : 403));
        }
    }
}
