package dev.threadline.thread.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.threadline.thread.query.ActivityKey;
import dev.threadline.thread.query.SearchKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {

    private static final String ID = "0190d7a4-7b1e-7c3a-9f00-0000000000aa";

    @Test
    void activityKeyComesBackExactlyToTheMicrosecond() {
        ActivityKey dated = new ActivityKey(true, Instant.parse("2026-11-01T09:00:00.123456Z"), ID);
        ActivityKey undated = new ActivityKey(false, null, ID);
        ActivityKey beforeEpoch = new ActivityKey(false, Instant.parse("1969-12-31T23:59:59.999999Z"), ID);

        assertThat(Cursors.activity(Cursors.activity(dated, true), true)).isEqualTo(dated);
        assertThat(Cursors.activity(Cursors.activity(undated, false), false)).isEqualTo(undated);
        assertThat(Cursors.activity(Cursors.activity(beforeEpoch, false), false)).isEqualTo(beforeEpoch);
        assertThat(Cursors.activity(dated, true)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void searchKeyComesBackWithTheSameFloat() {
        SearchKey key = new SearchKey(0.0607927f, ID, ID);

        assertThat(Cursors.search(Cursors.search(key))).isEqualTo(key);
    }

    @Test
    void anythingElseIsRejected() {
        String pinnedFirst = Cursors.activity(new ActivityKey(true, null, ID), true);
        assertThatIllegalArgumentException().isThrownBy(() -> Cursors.activity(pinnedFirst, false));
        assertThatIllegalArgumentException().isThrownBy(() -> Cursors.activity(Cursors.search(new SearchKey(1f, ID, ID)), false));
        for (String forged : new String[] {"a|-||" + ID.toUpperCase(), "a|-|soon|" + ID, "a|-|1|" + ID + "|x", "a|x|1|" + ID,
                "s|7fc00000|" + ID + "|" + ID, "s|0|" + ID, "hello"}) {
            String cursor = Base64.getUrlEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            assertThatIllegalArgumentException().as(forged)
                    .isThrownBy(() -> {
                        Object decoded = forged.startsWith("s") ? Cursors.search(cursor) : Cursors.activity(cursor, false);
                    });
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Cursors.activity("not base64!", false));
    }

    @Test
    void aTimeNoStoredRowCanHaveIsRejectedRatherThanSentToTheDatabase() {
        // Given cursors of well-formed parts whose times lie before what PostgreSQL's timestamptz holds
        for (long micros : new long[] {Long.MIN_VALUE, -210_900_000_000_000_000L}) {
            String cursor = Base64.getUrlEncoder().encodeToString(("a|-|" + micros + "|" + ID).getBytes(StandardCharsets.UTF_8));

            // Then decoding refuses them, which the API answers as a 400 naming cursor
            assertThatIllegalArgumentException().as("%d", micros).isThrownBy(() -> Cursors.activity(cursor, false));
        }
    }
}
