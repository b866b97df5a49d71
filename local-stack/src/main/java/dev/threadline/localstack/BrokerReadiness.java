package dev.threadline.localstack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until a freshly started broker process answers a client.
 *
 * <p>First the listener must accept TCP connections (an admin client would log a warning for every refused
 * attempt), then {@code describeCluster} must list a broker: a KRaft broker opens its client listener only once
 * it is registered and unfenced, so at that point topics can be created. A process that exits meanwhile fails
 * at once with its exit code and the tail of its log.
 *
 * <p>{@link #answers(int, Duration)} is the cheap probe of a running broker: a TCP connect alone succeeds even when
 * the broker is stopped (the kernel accepts for it), so it sends an {@code ApiVersions} request.
 */
final class BrokerReadiness {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final short API_VERSIONS = 18;
    private static final int CORRELATION_ID = 7;
    private static final byte[] CLIENT_ID = "threadline-probe".getBytes(StandardCharsets.UTF_8);

    private BrokerReadiness() {
    }

    /** @param clientProperties what an admin client needs besides the bootstrap servers (its login, with SASL) */
    static void await(ChildProcess broker, String bootstrapServers, Map<String, Object> clientProperties, int port,
                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!accepts(port)) {
            pause(broker, deadline, timeout);
        }
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        try (Admin admin = Admin.create(settings)) {
            while (!listsABroker(admin)) {
                pause(broker, deadline, timeout);
            }
        }
    }

    /** The broker on {@code port} answers an {@code ApiVersions} request (version 0, which every broker reads). */
    static boolean answers(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream request = new DataOutputStream(socket.getOutputStream());
            request.writeInt(2 + 2 + 4 + 2 + CLIENT_ID.length);
            request.writeShort(API_VERSIONS);
            request.writeShort(0);
            request.writeInt(CORRELATION_ID);
            request.writeShort(CLIENT_ID.length);
            request.write(CLIENT_ID);
            request.flush();
            DataInputStream response = new DataInputStream(socket.getInputStream());
            response.readInt(); // size
            return response.readInt() == CORRELATION_ID;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listsABroker(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void pause(ChildProcess broker, long deadline, Duration timeout) {
        if (!broker.isAlive()) {
            throw broker.exitedUnexpectedly("during startup");
        }
        if (System.nanoTime() > deadline) {
            throw broker.notReady("answer", timeout);
        }
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the Kafka broker", e);
        }
    }
}
