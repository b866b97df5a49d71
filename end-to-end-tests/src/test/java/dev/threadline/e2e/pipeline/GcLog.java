package dev.threadline.e2e.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses of one JVM's GC log ({@code -Xlog:gc:file=...:timemillis}), e.g.
 * {@code [1796173377358ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 15M->3M(64M) 48.683ms}: when, the heap
 * used before and after, the committed heap, how long. The heap after a collection is what the JVM really holds at
 * that moment (live objects plus what a young collection leaves in the old generation until the next mixed one).
 */
record GcLog(List<Pause> pauses) {

    /** One stop-the-world pause; sizes in MiB. */
    record Pause(long atMillis, String kind, double beforeMb, double afterMb, double committedMb, double millis) {
    }

    /** What the pauses of a time window say. */
    record Window(int pauses, double peakAfterMb, double peakBeforeMb, double peakCommittedMb, double pauseMillis) {

        static final Window NONE = new Window(0, -1, -1, -1, 0);
    }

    private static final Pattern PAUSE = Pattern.compile(
            // The kind may hold digits ("G1 Evacuation Pause"): it ends at the first "<size>-><size>(<size>)".
            "^\\[(\\d+)ms] GC\\(\\d+\\) (Pause .*?) ([0-9.]+)([KMG])->([0-9.]+)([KMG])\\(([0-9.]+)([KMG])\\) ([0-9.]+)ms");

    static GcLog read(Path file) {
        List<Pause> pauses = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = PAUSE.matcher(line);
                    if (m.find()) {
                        pauses.add(new Pause(Long.parseLong(m.group(1)), m.group(2).strip(), mb(m.group(3), m.group(4)),
                                mb(m.group(5), m.group(6)), mb(m.group(7), m.group(8)), Double.parseDouble(m.group(9))));
                    }
                }
            }
        } catch (IOException e) {
            // no log: no pauses to report
        }
        return new GcLog(List.copyOf(pauses));
    }

    /** The pauses between the two epoch milliseconds. */
    Window window(long fromMillis, long toMillis) {
        List<Pause> in = pauses.stream().filter(p -> p.atMillis() >= fromMillis && p.atMillis() <= toMillis).toList();
        if (in.isEmpty()) {
            return Window.NONE;
        }
        return new Window(in.size(), in.stream().mapToDouble(Pause::afterMb).max().orElse(-1),
                in.stream().mapToDouble(Pause::beforeMb).max().orElse(-1),
                in.stream().mapToDouble(Pause::committedMb).max().orElse(-1),
                in.stream().mapToDouble(Pause::millis).sum());
    }

    private static double mb(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
