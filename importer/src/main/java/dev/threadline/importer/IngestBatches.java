package dev.threadline.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends batches to the ingest service's {@code POST /v1/batch} until each is answered: a {@code 503} (Kafka or the
 * database away) or a connection that fails is tried again after the service's {@code Retry-After} or a growing pause,
 * for at most {@code patience}; every attempt of a batch carries the same {@code Idempotency-Key}, so a batch whose
 * answer was lost is not published twice.
 */
final class IngestBatches {

    /** The answer to a batch: per item, null if it was accepted, else why not. */
    record Answer(List<String> refusals) {
    }

    /** The ingest service could not be reached, or refused the whole batch; nothing of it is known to be imported. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final URI batchUri;
    private final String authorization;
    private final Duration patience;

    IngestBatches(ObjectMapper json, URI ingest, String token, Duration patience) {
        this.json = json;
        this.batchUri = ingest.resolve("/v1/batch");
        this.authorization = "Bearer " + token;
        this.patience = patience;
    }

    /**
     * Sends {@code items} and returns what became of each. A batch the service refuses as a whole because some items
     * cannot even be read as commands (an unknown enum value, say: a {@code 400} naming {@code commands[i]}) is sent
     * again without those items, which are refused with the service's reasons.
     */
    Answer send(ArrayNode items, String keySeed) throws Unavailable, InterruptedException {
        String[] refusals = new String[items.size()];
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            remaining.add(i);
        }
        while (!remaining.isEmpty()) {
            ArrayNode subset = json.createArrayNode();
            remaining.forEach(i -> subset.add(items.get(i)));
            Attempt attempt = sendOnce(subset, keySeed + ":" + remaining.size());
            if (attempt.unreadable().isEmpty()) {
                for (int k = 0; k < remaining.size(); k++) {
                    refusals[remaining.get(k)] = attempt.answer().refusals().get(k);
                }
                break;
            }
            List<Integer> next = new ArrayList<>();
            for (int k = 0; k < remaining.size(); k++) {
                String reason = attempt.unreadable().get(k);
                if (reason != null) {
                    refusals[remaining.get(k)] = reason;
                } else {
                    next.add(remaining.get(k));
                }
            }
            remaining = next;
        }
        return new Answer(Arrays.asList(refusals));
    }

    /** The answer to one request, or (a whole-batch 400) the reasons of the items that could not be read, by index. */
    private record Attempt(Answer answer, Map<Integer, String> unreadable) {
    }

    private static final Pattern ITEM_FIELD = Pattern.compile("^commands\\[(\\d+)]");

    private Attempt sendOnce(ArrayNode items, String keySeed) throws Unavailable, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.set("commands", items);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("A batch of JSON nodes always serialises", e);
        }
        String key = "threadline-import:" + sha256(keySeed.getBytes(StandardCharsets.UTF_8), bytes);
        HttpRequest request = HttpRequest.newBuilder(batchUri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        Duration pause = Duration.ofMillis(200);
        String last;
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 202) {
                    return new Attempt(answer(response.body(), items.size()), Map.of());
                }
                if (response.statusCode() == 400) {
                    Map<Integer, String> unreadable = unreadableItems(response.body(), items.size());
                    if (!unreadable.isEmpty()) {
                        return new Attempt(null, unreadable);
                    }
                }
                if (response.statusCode() != 503 && response.statusCode() != 409) {
                    // 409: the same key is still being executed (an attempt whose answer was lost); ask again.
                    throw new Unavailable("ingest answered " + response.statusCode() + ": " + response.body());
                }
                last = "ingest answered " + response.statusCode() + ": " + response.body();
                pause = response.headers().firstValue("Retry-After").map(IngestBatches::seconds).orElse(pause);
            } catch (IOException e) {
                last = "cannot reach " + batchUri + ": " + e;
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                throw new Unavailable(last + " (gave up after " + patience.toSeconds() + " s)");
            }
            Thread.sleep(pause);
            pause = Duration.ofMillis(Math.min(pause.toMillis() * 2, 10_000));
        }
    }

    /** The items a whole-batch {@code 400} names ({@code commands[i]...}), with its errors about each. */
    private Map<Integer, String> unreadableItems(String body, int size) {
        Map<Integer, String> reasons = new HashMap<>();
        try {
            for (JsonNode error : json.readTree(body).path("errors")) {
                Matcher matcher = ITEM_FIELD.matcher(error.path("field").asText());
                if (matcher.find()) {
                    int index = Integer.parseInt(matcher.group(1));
                    if (index < size) {
                        reasons.merge(index, "400 " + error, (a, b) -> a + ", " + b);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return reasons;
    }

    private Answer answer(String body, int size) throws Unavailable {
        try {
            JsonNode results = json.readTree(body).get("results");
            String[] refusals = new String[size];
            for (JsonNode result : results) {
                int index = result.get("index").asInt();
                int status = result.get("status").asInt();
                if (status != 202) {
                    refusals[index] = status + " " + (result.has("errors") ? result.get("errors").toString()
                            : result.path("detail").asText(result.toString()));
                }
            }
            return new Answer(Arrays.asList(refusals));
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("ingest answered 202 with a body that is no batch result: " + body);
        }
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
