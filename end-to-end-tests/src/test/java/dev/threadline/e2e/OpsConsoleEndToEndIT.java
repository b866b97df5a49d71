package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ops console in a real browser (headless Chromium) against the running pipeline (ingest, thread-service and
 * stats-streams from their jars, {@link LayoutImport.Pipeline}): conversations posted through ingest's HTTP API change
 * the counts it shows, an agent's reply brings a first-response percentile, and the pipeline panel shows each group's
 * lag. The operator's token is of a tenant of this test's own, so the counts start at zero whatever other tests sent.
 * The screenshot is kept in {@code target/console/console.png}.
 */
class OpsConsoleEndToEndIT {

    private static final Duration SHOWN = Duration.ofSeconds(60);
    private static final String COUNT = "^\\d+$";

    @Test
    void theConsoleFollowsPostedConversationsAndShowsThePipelinesLag() throws Exception {
        Path repo = ServiceProcess.locateRepoRoot();
        Path artefacts = repo.resolve("end-to-end-tests").resolve("target").resolve("console");
        try (ConsoleBrowser browser = ConsoleBrowser.start(repo, artefacts)) {
            LayoutImport.Pipeline pipeline = LayoutImport.Pipeline.shared();
            String tenant = "console-" + UUID.randomUUID().toString().substring(0, 8);
            String ops = DevelopmentTokens.mint(DevelopmentTokens.processSecret(), "console-ops", List.of("ops"), tenant,
                    Duration.ofHours(1));
            TestHttp ingest = TestHttp.withBearer(DevelopmentTokens.mint(DevelopmentTokens.processSecret(), "console-desk",
                    List.of("service"), tenant, Duration.ofHours(1)));
            try {
                // Given the console opened without a token, then with one the service refuses
                browser.open(pipeline.stats().baseUri() + "/console");
                assertThat(browser.awaitText("#state", "no token", SHOWN)).isEqualTo("no token");
                browser.fill("#token", "not-a-token");
                browser.click("#use-token");
                browser.awaitText("#state", "^401$", SHOWN);

                // When an operator of a fresh tenant gives their token
                browser.fill("#token", ops);
                browser.click("#use-token");

                // Then it goes live with nothing open, and the pipeline panel shows the thread-service group's lag
                browser.awaitText("#state", "^live$", SHOWN);
                assertThat(browser.awaitText("#count-open", COUNT, SHOWN)).isEqualTo("0");
                String threadRow = "#pipeline tr[data-group=\"" + pipeline.group() + "\"]";
                browser.awaitText(threadRow + " .lag", COUNT, SHOWN);
                browser.awaitText("#pipeline-rate", "^\\d+(\\.\\d)?$", SHOWN);

                // When three customers open conversations through ingest
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    ids.add(start(pipeline, ingest, "customer-" + i));
                }

                // Then the console counts three open
                browser.awaitText("#count-open", "^3$", SHOWN);

                // When an agent answers the first and the second is resolved
                accepted(ingest.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations/" + ids.get(0) + "/messages",
                        """
                        {"senderId": "agent-7", "senderRole": "agent", "content": "Sorry to hear that, it is on its way again."}"""));
                accepted(ingest.json(pipeline.ingest().baseUri(), "PATCH", "/v1/conversations/" + ids.get(1),
                        "{\"status\": \"resolved\"}"));

                // Then it shows two open and one resolved, a first response in each window size, and a resolution time
                browser.awaitText("#count-resolved", "^1$", SHOWN);
                browser.awaitText("#count-open", "^2$", SHOWN);
                for (String window : List.of("5s", "1h")) {
                    String row = "#percentiles tr[data-metric=\"first-response-time\"][data-window=\"" + window + "\"]";
                    assertThat(browser.awaitText(row + " .count", "^1$", SHOWN)).isEqualTo("1");
                    assertThat(browser.text(row + " .p50")).matches("\\d+(\\.\\d)? (ms|s|min)");
                }
                browser.awaitText("#percentiles tr[data-metric=\"resolution-time\"][data-window=\"1h\"] .p90",
                        "\\d+(\\.\\d)? (ms|s|min)", SHOWN);
                browser.awaitText("#percentiles tr[data-metric=\"sentiment\"][data-window=\"1h\"] .count", "^[1-9]", SHOWN);

                // And the thread-service group caught up: its Kafka offsets are the ones it stores with its rows
                browser.awaitText(threadRow + " .behind", "^0\\.0 s$", SHOWN);
                assertThat(browser.text("#state")).isEqualTo("live");
                assertThat(browser.text("#updated")).startsWith("last updated");
            } finally {
                browser.screenshot(artefacts.resolve("console.png"));
            }
            assertThat(browser.pageLog()).doesNotContain("pageerror");
        }
    }

    private static String start(LayoutImport.Pipeline pipeline, TestHttp ingest, String customer) {
        HttpResponse<String> answer = ingest.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations", """
                {"kind": "support", "title": "Parcel lost", "priority": "high",
                 "participants": [{"userId": "%s", "role": "user"}, {"userId": "agent-7", "role": "agent"}],
                 "firstMessage": {"senderId": "%s", "senderRole": "user", "content": "My parcel never arrived, this is terrible"}}"""
                .formatted(customer, customer));
        accepted(answer);
        return TestHttp.tree(answer).get("conversationId").asText();
    }

    private static void accepted(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
