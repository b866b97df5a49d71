package dev.threadline.stats.topology;

import dev.threadline.events.Actor;
import dev.threadline.events.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongUnaryOperator;

/**
 * Who may change a message: its author, an admin or the system — the read model's rule (thread-service's
 * ConversationUpdates), so that stats-streams never counts an edit or a deletion the read model refused. A message
 * keeps its author as 64 bits of the SHA-256 of the sender id: small enough to keep inline for every message, and no
 * sender id can be chosen to pass for another's.
 */
final class MessageAuthors {

    /** A message kept before authors were: anyone's change counts, as it always did. */
    static final long UNKNOWN = 0;
    /** A message without a sender (the system's): only an admin or the system changes it. */
    static final long NONE = 1;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    });

    private MessageAuthors() {
    }

    /** The fingerprint of a sender id; never {@link #UNKNOWN} or {@link #NONE}. */
    static long of(String senderId) {
        if (senderId == null) {
            return NONE;
        }
        long fingerprint = ByteBuffer.wrap(SHA_256.get().digest(senderId.getBytes(StandardCharsets.UTF_8))).getLong();
        return fingerprint == UNKNOWN || fingerprint == NONE ? 2 : fingerprint;
    }

    /**
     * Whether {@code actor} may edit or delete the message: an admin, the system, or a participant who wrote it. An
     * erased user is whoever {@code erased} says stands for them (a pseudonym, or {@link #NONE}: nobody), as author
     * and as actor alike, so that the rule is the read model's after its erasure too.
     */
    static boolean mayChange(Actor actor, MessageState message, LongUnaryOperator erased) {
        Role role = actor == null ? Role.system : actor.getRole();
        if (role == Role.admin || role == Role.system || message.author() == UNKNOWN) {
            return true;
        }
        if (actor.getId() == null) {
            return false;
        }
        long acting = erased.applyAsLong(of(actor.getId()));
        return acting != NONE && acting == erased.applyAsLong(message.author());
    }
}
