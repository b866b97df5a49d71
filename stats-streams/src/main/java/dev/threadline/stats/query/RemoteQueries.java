package dev.threadline.stats.query;

import dev.threadline.stats.streams.StatsUnavailableException;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another stats-streams instance over HTTP, for keys whose store partition it holds. The request carries
 * {@link #FORWARDED_HEADER}, so the other instance answers from its own stores and never forwards again: a query hops
 * at most once, even while the instances disagree about who owns a key during a rebalance. It also carries the
 * caller's bearer token, which the other instance verifies like any request's: the header grants nothing.
 */
@Singleton
public class RemoteQueries {

    /** Marks a forwarded query; its receiver answers locally. */
    public static final String FORWARDED_HEADER = "X-Threadline-Forwarded";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json;

    public RemoteQueries(JsonMapper json) {
        this.json = json;
    }

    /**
     * GETs {@code pathAndQuery} from {@code host}.
     *
     * @return the answer, or empty if the other instance answered 404
     * @throws StatsUnavailableException if it cannot be reached or answers anything else
     */
    public <T> Optional<T> get(HostInfo host, String pathAndQuery, Class<T> type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED_HEADER, "true")
                .header("Accept", "application/json").GET();
        // The other instance checks the caller's token as this one did: the header only says "answer locally".
        ServerRequestContext.currentRequest().flatMap(caller -> caller.getHeaders().getAuthorization())
                .ifPresent(authorization -> builder.header("Authorization", authorization));
        HttpRequest request = builder.build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> Optional.of(json.readValue(response.body(), type));
                case 404 -> Optional.empty();
                default -> throw new StatsUnavailableException("The instance at " + host.host() + ":" + host.port()
                        + " that holds the data answered " + response.statusCode());
            };
        } catch (IOException e) {
            throw new StatsUnavailableException("The instance at " + host.host() + ":" + host.port()
                    + " that holds the data cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatsUnavailableException("Interrupted while asking " + host.host() + ":" + host.port(), e);
        }
    }
}
