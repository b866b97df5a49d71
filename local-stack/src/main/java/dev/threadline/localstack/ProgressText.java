package dev.threadline.localstack;

/** How the command-line tools ({@code ./threadline import}, {@code rebuild}) write progress: a bar and a clock. */
public final class ProgressText {

    private ProgressText() {
    }

    /** A bar of 20 cells for {@code fraction} (0 to 1), e.g. {@code [#####...............]}. */
    public static String bar(double fraction) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 20);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    /** {@code seconds} as {@code h:mm:ss}; {@code ?} for a negative (unknown) time. */
    public static String clock(long seconds) {
        return seconds < 0 ? "?" : "%d:%02d:%02d".formatted(seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
