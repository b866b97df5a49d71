package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every query parameter and text path variable of the thread service is what the API documents or a 400 naming it. */
@MicronautTest
class QueryParametersIT extends ThreadServiceIT {

    @Inject
    EmbeddedServer server;

    QueryParametersIT() {
        super("thread_query_parameters_it");
    }

    @Test
    void outOfRangeOrMalformedParametersAre400sNamingTheParameterWithNoDatabaseText() {
        String conversation = "/v1/conversations/" + newId();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/v1/reports/summary?from=-999999999-01-01T00:00:00Z", "from"),
                Map.entry("/v1/reports/summary?to=%2B1000000000-01-01T00:00:00Z", "to"),
                Map.entry("/v1/reports/summary?from=0001-01-01T00:00:00Z&to=9999-01-01T00:00:00Z", "from"),
                Map.entry("/v1/users/a%00b/unread", "userId"),
                Map.entry("/v1/search?q=a%00b", "q"),
                Map.entry("/v1/search?q=parcel&participant=a%00b", "participant"),
                Map.entry("/v1/conversations?participant=a%01b", "participant"),
                Map.entry("/v1/conversations?tag=a%00b", "tag"),
                Map.entry(conversation + "?includeDeleted=maybe", "includeDeleted"),
                Map.entry(conversation + "?includeDeleted=1", "includeDeleted"),
                Map.entry(conversation + "/messages?beforeSeq=5&afterSeq=1", "afterSeq"),
                Map.entry(conversation + "/messages?limit=501", "limit"),
                Map.entry(conversation + "/messages?limit=99999999999", "limit"),
                Map.entry(conversation + "/messages?beforeSeq=99999999999999999999", "beforeSeq"),
                Map.entry(conversation + "/messages?beforeSeq=1.5", "beforeSeq"),
                Map.entry(conversation + "/messages?afterSeq=-1", "afterSeq"),
                Map.entry(conversation + "/messages?limit=%2B5", "limit"),
                Map.entry("/v1/conversations?limit=1&limit=2", "limit"),
                Map.entry("/v1/search?q=parcel&limit=0", "limit"),
                Map.entry("/v1/search?q=%FF", "q"),
                Map.entry("/v1/search?q=parcel&limit=%D9%A3", "limit"),
                Map.entry(conversation + "/messages?limit=%EF%BC%91", "limit"),
                Map.entry("/v1/conversations?tag=a%C0%AFb", "tag"),
                Map.entry("/v1/users/%ED%A0%80/unread", "userId"),
                Map.entry("/v1/conversations?cursor=" + java.util.Base64.getUrlEncoder().encodeToString(
                        ("a|-|" + Long.MIN_VALUE + "|" + newId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "cursor"));

        // (%FF, the overlong %C0%AF and the surrogate %ED%A0%80 are no UTF-8: Micronaut would read them as U+FFFD.
        // %D9%A3 and %EF%BC%91 are an Arabic-Indic 3 and a fullwidth 1, which Long.parseLong reads as numbers.
        // The cursor is well-formed, but its time lies before any PostgreSQL can hold.)
        cases.forEach((uri, parameter) -> {
            // When the request is sent
            HttpClientResponseException rejected = failure(http, uri);

            // Then it is a 400 problem naming the parameter, with no driver, SQL or stack text
            assertThat(rejected.getStatus().getCode()).as(uri).isEqualTo(400);
            assertThat(rejected.getResponse().getContentType().orElseThrow().toString()).as(uri).isEqualTo("application/problem+json");
            Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
            assertThat((List<Map<String, Object>>) problem.get("errors")).as(uri).extracting(e -> e.get("field")).contains(parameter);
            assertThat(problem.toString()).as(uri).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("UTF8");
        });
    }

    @Test
    void aBrokenPercentEscapeIsA400Problem() throws Exception {
        // Given targets with escapes that encode no byte, which HTTP clients refuse to send, so sent over a raw socket
        for (String target : List.of("/v1/users/a%zzb/unread", "/v1/search?q=parcel%", "/v1/conversations?tag=%zz")) {
            // When it is requested
            String answer = rawGet(target);

            // Then it is a 400 problem (Micronaut refuses the whole target before routing, so it names no parameter)
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                    .contains("Malformed URI");
        }
    }

    private String rawGet(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + TestCallerToken.ADMIN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theWholeSaneRangeOfInstantsIsAnswered() {
        // When the summary spans the first to the last instant the API takes
        Map<String, Object> report = http.toBlocking().retrieve(
                "/v1/reports/summary?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", Map.class);

        // Then it is answered, for that range
        assertThat(report).containsKey("started");
    }

    @Test
    void urlOverTheRequestLineLimitIs414ProblemAndOneJustUnderItIsRouted() {
        // When a search URL is over the 16 KiB request line limit
        HttpClientResponseException tooLong = failure(http, "/v1/search?q=" + "a".repeat(17_000));

        // Then it is 414 URI Too Long, as problem+json
        assertThat(tooLong.getStatus().getCode()).isEqualTo(414);
        assertThat(tooLong.getResponse().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");

        // And a 1000-character query of three-byte characters, 9 000 bytes percent-encoded, is routed and answered
        String q = "%E6%97%A5".repeat(1000);
        assertThat(http.toBlocking().retrieve("/v1/search?q=" + q, Map.class)).containsKey("items");
    }

    @Test
    void strictBooleanAndSingleCursorStillServeAnUnknownConversationAs404() {
        assertThat(failure(http, "/v1/conversations/" + newId() + "?includeDeleted=true").getStatus().getCode()).isEqualTo(404);
        assertThat(failure(http, "/v1/conversations/" + newId() + "/messages?afterSeq=0&limit=500").getStatus().getCode()).isEqualTo(404);
    }
}
