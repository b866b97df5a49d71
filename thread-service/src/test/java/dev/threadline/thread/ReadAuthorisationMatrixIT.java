package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.left;
import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.Role;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.HealthAccess;
import dev.threadline.testkit.TopicReader;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's authorisation matrix for reads: every read endpoint × caller (a user in, a user out of, and a user who
 * left a conversation; agent, admin, ops, service; a role that may read nothing; admins of another tenant and of the
 * default tenant) × conversation (own, another one of the tenant, another tenant's), over HTTP with real tokens against
 * conversations fed through the broker. A cell leaks when an answer shows a conversation the caller may not see: a
 * 200 for it, or its id or one of its words in a list, a search hit, unread counts or a report. Every cell is checked
 * before the test fails, and the count is printed.
 */
@MicronautTest
class ReadAuthorisationMatrixIT extends ThreadServiceIT {

    private static final HttpClient SSE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<String> TENANT_WIDE = Set.of("agent", "admin", "ops", "service");

    @Inject
    EmbeddedServer server;

    private final String acme = "acme-" + run;
    private final String globex = "globex-" + run;
    private final String u1 = "u1-" + run;
    private final String u2 = "u2-" + run;
    private final List<Conv> conversations = new ArrayList<>();
    private final List<Who> callers = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();
    private int cells;

    ReadAuthorisationMatrixIT() {
        super("read_authorisation_matrix_it");
    }

    /** A conversation of the matrix: its tenant, who is or was in it, and a word only its messages contain. */
    private record Conv(String name, String id, String tenant, Set<String> members, String secret) {
    }

    /** A caller: a token for {@code sub} with one role in {@code tenant} (null: the default tenant). */
    private record Who(String name, String sub, String role, String tenant, String token) {
    }

    @BeforeAll
    void twoTenantsOfConversations() {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        Conv a1 = conversation("acme-own", acme, at, Set.of(u1, "ag1"), u1);
        Conv a2 = conversation("acme-other", acme, at.plusSeconds(60), Set.of(u2, "ag1"), u2);
        Conv a3 = conversation("acme-left", acme, at.plusSeconds(120), Set.of(u1), u1);
        Conv g1 = conversation("globex-own", globex, at.plusSeconds(180), Set.of(u1, "ag9"), u1);
        support.send(tenant(left(a3.id(), u1, at.plusSeconds(150)), acme));
        for (Conv conversation : List.of(a1, a2, a3, g1)) {
            support.syncIn(http, conversation.tenant(), token("admin-sync", "admin", conversation.tenant()), conversation.id());
        }
        awaitSearchIndex();
        for (String role : List.of("agent", "admin", "ops", "service")) {
            callers.add(new Who(role, role + "-1", role, acme, token(role + "-1", role, acme)));
        }
        callers.add(new Who("user in acme-own", u1, "user", acme, token(u1, "user", acme)));
        callers.add(new Who("user in acme-other", u2, "user", acme, token(u2, "user", acme)));
        callers.add(new Who("role reading nothing", "viewer-1", "viewer", acme, token("viewer-1", "viewer", acme)));
        callers.add(new Who("admin of globex", "admin-9", "admin", globex, token("admin-9", "admin", globex)));
        callers.add(new Who("admin of the default tenant", "admin-0", "admin", null, token("admin-0", "admin", null)));
    }

    @Test
    void anEventOfAnotherTenantNeverReachesIntoAConversationAndIsDeadLetteredWithItsReason() {
        // Given acme's conversation, when a producer of globex sends a message and a new participant into it
        Conv target = conversations.getFirst();
        String intruder = "intruder" + run;
        support.send(tenant(posted(target.id(), newId(), "x9", Role.user, "parcel " + intruder, Instant.now(), null), globex),
                tenant(ConversationEvents.envelope(target.id(), Instant.now(), new Actor("x9", Role.admin),
                        ParticipantAdded.newBuilder().setParticipant(new Participant("x9", Role.admin)).build()), globex));
        support.syncIn(http, acme, token("admin-sync", "admin", acme), target.id());

        // Then acme's conversation has neither, and globex's user x9 sees nothing of it
        String admin = token("admin-1", "admin", acme);
        assertThat(HealthAccess.get(server.getURI(), "/v1/conversations/" + target.id() + "/messages", admin).body())
                .doesNotContain(intruder);
        assertThat(HealthAccess.get(server.getURI(), "/v1/conversations/" + target.id(), admin).body()).doesNotContain("x9");
        assertThat(HealthAccess.get(server.getURI(), "/v1/conversations", token("x9", "user", globex)).body())
                .doesNotContain(target.id());
        // And both went to the dead-letter topic, saying why
        try (TopicReader topics = new TopicReader(ThreadTestSupport.infrastructure().kafkaBootstrapServers())) {
            List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(Topics.THREAD_SERVICE_DLQ,
                    r -> r.key() != null && target.id().equals(new String(r.key(), StandardCharsets.UTF_8)), 2,
                    Duration.ofSeconds(10));
            assertThat(dead).hasSize(2).allSatisfy(record -> assertThat(new String(
                    record.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("tenant-mismatch"));
        }
    }

    @Test
    void noReadShowsAConversationItsCallerMayNotSee() {
        for (Who who : callers) {
            for (Conv conversation : conversations) {
                for (String path : List.of("", "/messages", "/context", "/events")) {
                    oneConversation(who, conversation, "/v1/conversations/" + conversation.id() + path);
                }
            }
            for (String participant : List.of("", "?participant=" + u1, "?participant=" + u2,
                    "?participant=" + u1 + "&includeLeft=true")) {
                String asked = participant.isEmpty() ? null : participant.replaceAll("^\\?participant=|&.*$", "");
                boolean refused = isUser(who) && asked != null && !asked.equals(who.sub());
                many(who, "/v1/conversations" + participant, refused, asked, participant.contains("includeLeft"));
                if (!participant.contains("includeLeft")) {
                    many(who, "/v1/search?q=parcel" + participant.replace('?', '&'), refused, asked, true);
                }
            }
            for (String user : List.of(u1, u2)) {
                many(who, "/v1/users/" + user + "/unread", isUser(who) && !user.equals(who.sub()), user, false);
            }
            report(who);
        }
        System.out.printf("Read authorisation matrix: %d cells, %d leaks, %d other failures%n", cells, leaks.size(), wrong.size());
        assertThat(leaks).as("cells that showed what the caller may not see").isEmpty();
        assertThat(wrong).as("cells that answered otherwise than the rules say").isEmpty();
        // every caller: four routes of each conversation, four lists, three searches, two users' unread, the report
        assertThat(cells).isEqualTo(callers.size() * (conversations.size() * 4 + 10));
    }

    /** One conversation's route: 200 if the caller may see it, 404 if not (as if unknown), 403 for a role reading none. */
    private void oneConversation(Who who, Conv conversation, String path) {
        cells++;
        boolean visible = visible(who, conversation);
        int status = path.endsWith("/events") ? streamStatus(path, who.token()) : get(path, who).statusCode();
        String cell = who.name() + " GET " + path.replace(conversation.id(), conversation.name());
        if (status == 200 && !visible) {
            leaks.add(cell + ": 200");
            return;
        }
        int expected = !reads(who) ? 403 : visible ? 200 : 404;
        if (status != expected) {
            wrong.add(cell + ": " + status + ", not " + expected);
        }
        if (status == 200 && !path.endsWith("/events")) {
            String body = get(path, who).body();
            showsOnly(who, cell, body, path.endsWith("/messages") || path.endsWith("/context") ? Set.of(conversation) : Set.of());
        }
    }

    /**
     * A list, search or unread route: 403 where the rules refuse it; otherwise only conversations the caller may see,
     * and (lists and searches, where the rules promise them) all of those the route asks for.
     */
    private void many(Who who, String path, boolean refused, String participant, boolean includeLeft) {
        cells++;
        String cell = who.name() + " GET " + path;
        HttpResponse<String> answer = get(path, who);
        int expected = !reads(who) || refused ? 403 : 200;
        if (answer.statusCode() == 200 && expected != 200) {
            showsOnly(who, cell, answer.body(), Set.of());
        }
        if (answer.statusCode() != expected) {
            wrong.add(cell + ": " + answer.statusCode() + ", not " + expected);
            return;
        }
        if (expected != 200) {
            return;
        }
        String whose = isUser(who) ? who.sub() : participant;
        Set<Conv> promised = path.contains("/unread") ? Set.of() : conversations.stream()
                .filter(conversation -> visible(who, conversation))
                .filter(conversation -> whose == null || conversation.members().contains(whose))
                .filter(conversation -> whose == null || includeLeft || !conversation.name().equals("acme-left"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        showsOnly(who, cell, answer.body(), promised);
    }

    /** Reports count the caller's tenant only: users and roles reading nothing get 403. */
    private void report(Who who) {
        cells++;
        String path = "/v1/reports/summary";
        HttpResponse<String> answer = get(path, who);
        int expected = reads(who) && !isUser(who) ? 200 : 403;
        if (answer.statusCode() != expected) {
            (answer.statusCode() == 200 ? leaks : wrong).add(who.name() + " GET " + path + ": " + answer.statusCode()
                    + ", not " + expected);
            return;
        }
        long ours = conversations.stream().filter(conversation -> conversation.tenant().equals(who.tenant())).count();
        if (expected == 200 && who.tenant() != null && !answer.body().contains("\"started\":" + ours + ",")) {
            leaks.add(who.name() + " GET " + path + ": counts other than the " + ours + " of its tenant: " + answer.body());
        }
    }

    /** Checks that {@code body} names no conversation the caller may not see, and names each of {@code promised}. */
    private void showsOnly(Who who, String cell, String body, Set<Conv> promised) {
        for (Conv conversation : conversations) {
            boolean shown = body.contains(conversation.id()) || body.contains(conversation.secret());
            if (shown && !visible(who, conversation)) {
                leaks.add(cell + ": shows " + conversation.name());
            } else if (!shown && promised.contains(conversation)) {
                wrong.add(cell + ": leaves out " + conversation.name());
            }
        }
    }

    private static boolean reads(Who who) {
        return TENANT_WIDE.contains(who.role()) || isUser(who);
    }

    private static boolean isUser(Who who) {
        return who.role().equals("user");
    }

    private static boolean visible(Who who, Conv conversation) {
        return reads(who) && conversation.tenant().equals(who.tenant())
                && (TENANT_WIDE.contains(who.role()) || conversation.members().contains(who.sub()));
    }

    private Conv conversation(String name, String tenant, Instant at, Set<String> members, String customer) {
        String id = newId();
        String secret = "w" + run + name.replace("-", "");
        List<String> roles = members.stream().map(member -> member + ":" + (member.startsWith("ag") ? "agent" : "user")).toList();
        List<ConversationEvent> events = new ArrayList<>(List.of(
                started(id, at, customer, ConversationKind.support, members(roles.toArray(String[]::new))),
                posted(id, newId(), customer, Role.user, "parcel " + secret + " never came", at.plusSeconds(1), null)));
        members.stream().filter(member -> member.startsWith("ag")).findFirst().ifPresent(agent ->
                events.add(posted(id, newId(), agent, Role.agent, "parcel " + secret + " is on its way", at.plusSeconds(2), null)));
        support.send(events.stream().map(event -> tenant(event, tenant)).toArray(ConversationEvent[]::new));
        Conv conversation = new Conv(name, id, tenant, members, secret);
        conversations.add(conversation);
        return conversation;
    }

    private static ConversationEvent tenant(ConversationEvent event, String tenant) {
        event.setTenant(tenant);
        return event;
    }

    private static String token(String sub, String role, String tenant) {
        return DevelopmentTokens.mint(DevelopmentTokens.processSecret(), sub, List.of(role), tenant, Duration.ofHours(1));
    }

    private HttpResponse<String> get(String path, Who who) {
        return HealthAccess.get(server.getURI(), path, who.token());
    }

    /** The status of a Server-Sent Events route, read from the head of the stream, which is then closed. */
    private int streamStatus(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURI() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<InputStream> answer = SSE.send(request, HttpResponse.BodyHandlers.ofInputStream());
            answer.body().close();
            return answer.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("No answer to GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
