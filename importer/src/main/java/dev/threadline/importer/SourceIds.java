package dev.threadline.importer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * Threadline ids of a source store's records, derived from the source's own ids, so that importing the same store
 * again names the same conversations and messages (which the read model and stats-streams then store once). An id that
 * already is a UUID stays as it is; any other becomes a name-based UUID (version 5, RFC 9562) of the source's name, the
 * kind of record and its id, so two stores whose tickets are both numbered 1, 2, 3 do not meet when their
 * {@code --source} names differ.
 */
public final class SourceIds {

    /** RFC 9562's URL namespace; the names in it start with "threadline-import:". */
    private static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private final String source;

    public SourceIds(String source) {
        this.source = source;
    }

    /** The Threadline id of the source's conversation {@code sourceId}. */
    public String conversation(String sourceId) {
        return sourceId == null ? null : derive("conversation", sourceId);
    }

    /** A message id: unique within its conversation in Threadline, so the conversation's source id is part of it. */
    public String message(String conversationSourceId, String sourceId) {
        if (sourceId == null || isUuid(sourceId)) {
            return sourceId == null ? null : sourceId.toLowerCase(Locale.ROOT);
        }
        return derive("message", conversationSourceId + "\u0000" + sourceId);
    }

    private String derive(String kind, String sourceId) {
        if (isUuid(sourceId)) {
            return sourceId.toLowerCase(Locale.ROOT);
        }
        return nameBased("threadline-import:" + source + "\u0000" + kind + "\u0000" + sourceId).toString();
    }

    static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 9562 version 5: SHA-1 of the namespace's 16 bytes and the name's UTF-8 bytes, version and variant set. */
    static UUID nameBased(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
