package dev.threadline.ingest.command;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where the ids Threadline assigns come from. Without an idempotency key they are fresh UUIDv7s;
 * with one they are name-based UUIDs derived from the key and their position in the request, so
 * a retry of the same request yields the same conversation, message and event ids.
 */
public interface IdSource {

    /** The next id of this request. */
    String next();

    static IdSource random() {
        return Ids::newId;
    }

    /** Deterministic ids for one execution of the request with this idempotency key. */
    static IdSource fromIdempotencyKey(String key) {
        return new Keyed(key);
    }

    /** UUIDv5 of {@code key#n} for the n-th id the request asks for. */
    final class Keyed implements IdSource {

        private static final NameBasedGenerator V5 =
                Generators.nameBasedGenerator(UUID.fromString("7c2a6d0e-4b1f-5e8a-9d3c-2f6b8a1e4c7d"));

        private final String key;
        private int next;

        private Keyed(String key) {
            this.key = key;
        }

        @Override
        public String next() {
            return V5.generate((key + "#" + next++).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
