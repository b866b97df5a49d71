package dev.threadline.thread.projection;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.UserErased;
import dev.threadline.thread.persistence.ReadScope;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users erased so far, and what their later events become (docs/lifecycle.md). An erasure is sticky: once a
 * projection has applied a user's erasure, that user's identity is replaced in every event it applies afterwards,
 * whichever partition the event comes from, so that the end state does not depend on the order in which the erasure's
 * copies (one per partition) and the user's other events are read. A user is kept by tenant and the SHA-256 of the
 * id, never the id itself.
 */
@Singleton
public class ErasedUsers {

    /** The content an erased user's message keeps when the erasure redacts content. */
    public static final String REDACTED = "";

    /**
     * A user's erasure as it stands.
     *
     * @param tenant      the tenant as stored ({@link ReadScope#stored})
     * @param replacement the pseudonym that stands where the user stood, or null
     * @param redact      whether the user's messages lose their content
     * @param sweep       whether the projection must look for the user's rows: the first copy of the erasure it reads
     *                    (or one that now also redacts); after that every event it applies is rewritten, so no row of
     *                    the user can be left
     */
    public record Erasure(String tenant, String userId, String replacement, boolean redact, boolean sweep) {

        /**
         * The senders the user's messages may have: their id, and the pseudonym of an earlier erasure that now comes to
         * redact (messages an erasure left without a sender are nobody's any more, and cannot be found).
         */
        public String[] senders() {
            return replacement == null ? new String[] {userId} : new String[] {userId, replacement};
        }
    }

    private static final String ANY = "SELECT EXISTS (SELECT 1 FROM erased_users)";

    private static final String LOOKUP = """
            SELECT e.tenant, encode(e.user_hash, 'hex') AS user_hash, e.replacement, e.redact FROM erased_users e
            JOIN unnest(?::text[], ?::text[]) AS i(tenant, user_hash) ON e.tenant = i.tenant AND e.user_hash = decode(i.user_hash, 'hex')""";

    // A user erased again keeps the replacement of the first erasure, and stays redacted once redacted.
    private static final String RECORD = """
            INSERT INTO erased_users (tenant, user_hash, replacement, redact, erased_at) VALUES (?, decode(?, 'hex'), ?, ?, ?)
            ON CONFLICT (tenant, user_hash) DO UPDATE SET redact = erased_users.redact OR EXCLUDED.redact
            RETURNING replacement, redact""";

    // A projection sweeps for an erasure once, and again when it comes to redact what it kept.
    private static final String SWEPT = """
            INSERT INTO erasure_sweeps (consumer_group, tenant, user_hash, redact) VALUES (?, ?, decode(?, 'hex'), ?)
            ON CONFLICT (consumer_group, tenant, user_hash) DO UPDATE SET redact = true
            WHERE EXCLUDED.redact AND NOT erasure_sweeps.redact""";

    /** Records the erasure the event orders and returns it as it now stands for the projection of {@code group}. */
    public Erasure record(Connection connection, String group, ConversationEvent event, UserErased erased) throws SQLException {
        String tenant = ReadScope.stored(event.getTenant());
        String hash = hash(erased.getUserId());
        String replacement;
        boolean redact;
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, tenant);
            insert.setString(2, hash);
            insert.setString(3, erased.getReplacement());
            insert.setBoolean(4, erased.getRedactContent());
            insert.setTimestamp(5, Timestamp.from(event.getOccurredAt()));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                replacement = row.getString("replacement");
                redact = row.getBoolean("redact");
            }
        }
        boolean sweep;
        try (PreparedStatement swept = connection.prepareStatement(SWEPT)) {
            swept.setString(1, group);
            swept.setString(2, tenant);
            swept.setString(3, hash);
            swept.setBoolean(4, redact);
            sweep = swept.executeUpdate() > 0;
        }
        return new Erasure(tenant, erased.getUserId(), replacement, redact, sweep);
    }

    /**
     * Replaces erased users' identities in the events, in place: an actor or sender becomes the replacement (and the
     * content of their messages and edits is redacted if the erasure says so), a participant list loses them. Returns
     * the events that still have something to apply: an erased user's own joining, leaving, reads and flags have not.
     */
    public List<ConversationEvent> rewrite(Connection connection, List<ConversationEvent> events) throws SQLException {
        if (events.isEmpty() || !anyErased(connection)) {
            return events;
        }
        Map<String, Erasure> erased = lookUp(connection, events);
        if (erased.isEmpty()) {
            return events;
        }
        List<ConversationEvent> kept = new ArrayList<>(events.size());
        for (ConversationEvent event : events) {
            if (rewrite(event, erased)) {
                kept.add(event);
            }
        }
        return kept;
    }

    private static boolean rewrite(ConversationEvent event, Map<String, Erasure> erased) {
        String tenant = ReadScope.stored(event.getTenant());
        Actor actor = event.getActor();
        Erasure acting = actor == null ? null : erased.get(key(tenant, actor.getId()));
        if (acting != null) {
            event.setActor(new Actor(acting.replacement(), actor.getRole()));
        }
        switch (event.getPayload()) {
            case ConversationStarted started -> started.setParticipants(started.getParticipants().stream()
                    .filter(participant -> !erased.containsKey(key(tenant, participant.getUserId()))).toList());
            case MessagePosted posted -> {
                Erasure sender = erased.get(key(tenant, posted.getSenderId()));
                if (sender != null) {
                    posted.setSenderId(sender.replacement());
                    if (sender.redact()) {
                        posted.setContent(REDACTED);
                    }
                }
            }
            case MessageEdited edited -> {
                if (acting != null && acting.redact()) {
                    edited.setContent(REDACTED);
                }
            }
            case ParticipantAdded added -> {
                return !erased.containsKey(key(tenant, added.getParticipant().getUserId()));
            }
            case ParticipantRemoved removed -> {
                return !erased.containsKey(key(tenant, removed.getUserId()));
            }
            case MessagesRead read -> {
                return !erased.containsKey(key(tenant, read.getUserId()));
            }
            case ConversationFlagged flagged -> {
                return !erased.containsKey(key(tenant, flagged.getUserId()));
            }
            default -> {
                // no other user ids
            }
        }
        return true;
    }

    private static boolean anyErased(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(ANY)) {
            return row.next() && row.getBoolean(1);
        }
    }

    /** The erasures of the users the events name, by {@link #key}. */
    private static Map<String, Erasure> lookUp(Connection connection, List<ConversationEvent> events) throws SQLException {
        Set<List<String>> named = new LinkedHashSet<>();
        for (ConversationEvent event : events) {
            String tenant = ReadScope.stored(event.getTenant());
            for (String userId : userIds(event)) {
                if (userId != null) {
                    named.add(List.of(tenant, userId));
                }
            }
        }
        Map<String, String> userByHash = new HashMap<>();
        List<String> tenants = new ArrayList<>(named.size());
        List<String> hashes = new ArrayList<>(named.size());
        for (List<String> user : named) {
            String hash = hash(user.get(1));
            userByHash.put(user.get(0) + '\u0000' + hash, user.get(1));
            tenants.add(user.get(0));
            hashes.add(hash);
        }
        Map<String, Erasure> erased = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(LOOKUP)) {
            select.setArray(1, connection.createArrayOf("text", tenants.toArray()));
            select.setArray(2, connection.createArrayOf("text", hashes.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String tenant = row.getString("tenant");
                    String userId = userByHash.get(tenant + '\u0000' + row.getString("user_hash"));
                    erased.put(key(tenant, userId),
                            new Erasure(tenant, userId, row.getString("replacement"), row.getBoolean("redact"), false));
                }
            }
        }
        return erased;
    }

    private static List<String> userIds(ConversationEvent event) {
        List<String> ids = new ArrayList<>(2);
        ids.add(event.getActor() == null ? null : event.getActor().getId());
        switch (event.getPayload()) {
            case ConversationStarted started -> started.getParticipants().forEach(p -> ids.add(p.getUserId()));
            case MessagePosted posted -> ids.add(posted.getSenderId());
            case ParticipantAdded added -> ids.add(added.getParticipant().getUserId());
            case ParticipantRemoved removed -> ids.add(removed.getUserId());
            case MessagesRead read -> ids.add(read.getUserId());
            case ConversationFlagged flagged -> ids.add(flagged.getUserId());
            default -> {
                // the actor only
            }
        }
        return ids;
    }

    private static String key(String tenant, String userId) {
        return userId == null ? null : tenant + '\u0000' + userId;
    }

    /** The SHA-256 of the user id, in hex. */
    static String hash(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
