package dev.threadline.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports on 127.0.0.1: a free one for tests, and the check that {@code ./threadline up} makes before it starts
 * anything, so that a taken port is one clear line instead of a component failing half-way.
 */
public final class LocalPorts {

    /** Where {@link #findFree()} looks: below every common ephemeral port range. */
    private static final int LOW = 20_000;
    private static final int HIGH = 32_768;
    /**
     * Test JVMs that run at the same time (Maven building modules in parallel) each take ports from their own slot of
     * {@value #SLOT_SIZE} ports, set by this system property (0-11), so two of them never hand out the same port.
     */
    static final String SLOT_PROPERTY = "threadline.test.port-slot";
    /**
     * The number (1, 2, …) of this test JVM among its module's parallel forks (surefire's {@code forkNumber}): fork n
     * takes the slot {@code n - 1} after the module's, so a module that forks twice needs two slots.
     */
    static final String FORK_PROPERTY = "threadline.test.fork-number";
    private static final int SLOT_SIZE = 1_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A port a component wants.
     *
     * @param component what would listen there, e.g. {@code kafka}
     * @param port      the port
     * @param variable  the environment variable that chooses another port
     */
    public record Claim(String component, int port, String variable) {
    }

    private LocalPorts() {
    }

    /**
     * A port that was free a moment ago, and not handed out before by this JVM. It is taken from below the ephemeral
     * range (Linux: 32768-60999, others higher): a port the kernel picks for {@code bind(0)} is one it may give next to
     * an outgoing connection — a client of the broker or PostgreSQL — before the component that was to listen there
     * has bound it ("Address already in use", seen in CI).
     */
    public static int findFree() {
        int[] range = range(System.getProperty(SLOT_PROPERTY), System.getProperty(FORK_PROPERTY));
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = range[0] + RANDOM.nextInt(range[1] - range[0]);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackException("No free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }


    /** The ports {@link #findFree()} picks from, {@code [low, high)}: the fork's slot's, or all of them without a slot. */
    static int[] range(String slot, String fork) {
        if (slot == null || slot.isBlank()) {
            return new int[] {LOW, HIGH};
        }
        int index;
        try {
            index = Integer.parseInt(slot.strip());
            if (fork != null && !fork.isBlank()) {
                index += Integer.parseInt(fork.strip()) - 1;
            }
        } catch (NumberFormatException e) {
            throw new LocalStackException(SLOT_PROPERTY + " is '" + slot + "' (fork '" + fork + "'); it takes 0 to " + ((HIGH - LOW) / SLOT_SIZE - 1), e);
        }
        int low = LOW + index * SLOT_SIZE;
        if (index < 0 || low + SLOT_SIZE > HIGH) {
            throw new LocalStackException(SLOT_PROPERTY + " is " + index + "; it takes 0 to " + ((HIGH - LOW) / SLOT_SIZE - 1));
        }
        return new int[] {low, low + SLOT_SIZE};
    }

    /** Whether something could listen on {@code port} of 127.0.0.1 now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks every claim before anything starts.
     *
     * @throws LocalStackException naming the first port that is taken or claimed twice, and the variable to change
     */
    public static void requireFree(List<Claim> claims) {
        Map<Integer, Claim> seen = new HashMap<>();
        for (Claim claim : claims) {
            Claim earlier = seen.putIfAbsent(claim.port(), claim);
            if (earlier != null) {
                throw new LocalStackException("port " + claim.port() + " is set for both " + earlier.component()
                        + " and " + claim.component() + "; set " + claim.variable() + " to use another");
            }
            if (!isFree(claim.port())) {
                throw new LocalStackException("port " + claim.port() + " (" + claim.component()
                        + ") is already in use; set " + claim.variable() + " to use another");
            }
        }
    }
}
