package dev.threadline.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A body is read whole whatever its stream says it has available: exactly, too little, nothing or too much. */
class SingleJsonValueReaderTest {

    @Test
    void readsTheWholeBodyWhateverTheStreamSaysIsAvailable() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        for (int size : new int[] {0, 1, 300, 16_384, 16_385, 200_000}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            assertThat(SingleJsonValueReader.readAll(new ByteArrayInputStream(body))).isEqualTo(body);
            for (int claimed : new int[] {0, 1, size / 2, size + 10}) {
                assertThat(SingleJsonValueReader.readAll(claiming(body, claimed))).as("%d bytes, %d claimed", size, claimed)
                        .isEqualTo(body);
            }
        }
    }

    /** A stream of {@code body} whose available() answers {@code claimed} at first. */
    private static InputStream claiming(byte[] body, int claimed) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            private boolean asked;

            @Override
            public int available() {
                if (asked) {
                    return 0;
                }
                asked = true;
                return claimed;
            }
        };
    }
}
