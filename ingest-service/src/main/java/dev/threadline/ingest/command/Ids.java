package dev.threadline.ingest.command;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Id rules of the API: ids are UUIDs, and the ones Threadline assigns are time-ordered UUIDv7. */
public final class Ids {

    /** Any RFC 9562 UUID in its canonical textual form. */
    public static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    /** A new UUIDv7: sorts by creation time, needs no coordination between instances. */
    public static String newId() {
        return UUID_V7.generate().toString();
    }
}
