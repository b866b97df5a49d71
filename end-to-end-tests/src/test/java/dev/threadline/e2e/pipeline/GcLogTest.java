package dev.threadline.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline benchmark reads every kind of pause of a unified GC log, the common young pauses included. */
class GcLogTest {

    @Test
    void readsEveryPauseWithItsSizesAndTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("service.gc.log");
        Files.writeString(file, """
                [1796189305120ms] Using G1
                [1796189306777ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->6M(380M) 275.909ms
                [1796189308654ms] GC(3) Pause Young (Concurrent Start) (Metadata GC Threshold) 20M->10M(380M) 16.089ms
                [1796189309000ms] GC(4) Concurrent Mark Cycle
                [1796189309100ms] GC(4) Pause Remark 12M->12M(40M) 3.104ms
                [1796189310161ms] GC(4) Pause Cleanup 17M->17M(40M) 0.019ms
                [1796189519952ms] GC(248) Pause Young (Normal) (G1 Evacuation Pause) 151M->28M(209M) 2.637ms
                [1796189520000ms] GC(249) Pause Full (G1 Compaction Pause) 1G->512K(1G) 120.5ms
                """);

        GcLog log = GcLog.read(file);

        assertThat(log.pauses()).extracting(GcLog.Pause::atMillis).containsExactly(1796189306777L, 1796189308654L,
                1796189309100L, 1796189310161L, 1796189519952L, 1796189520000L);
        assertThat(log.pauses().getFirst()).isEqualTo(new GcLog.Pause(1796189306777L,
                "Pause Young (Normal) (G1 Evacuation Pause)", 19, 6, 380, 275.909));
        assertThat(log.pauses().getLast().afterMb()).isEqualTo(0.5);
        GcLog.Window window = log.window(1796189500000L, 1796189520000L);
        assertThat(window.pauses()).isEqualTo(2);
        assertThat(window.peakAfterMb()).isEqualTo(28);
        assertThat(window.peakBeforeMb()).isEqualTo(1024);
    }
}
