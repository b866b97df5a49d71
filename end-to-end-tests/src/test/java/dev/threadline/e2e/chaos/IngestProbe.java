package dev.threadline.e2e.chaos;

import dev.threadline.localstack.DevelopmentTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Whether ingest acknowledges a batch at all: one conversation start, outside any scenario's ledger. */
final class IngestProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private IngestProbe() {
    }

    static boolean acknowledges(URI ingest) {
        String body = """
                {"commands":[{"type":"startConversation","conversation":{"id":"%s","kind":"support","title":"chaos probe"}}]}"""
                .formatted(UUID.randomUUID());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ingest.resolve("/v1/batch"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DevelopmentTokens.processToken("chaos-probe", "service"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 && response.body().contains("\"status\":202");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
