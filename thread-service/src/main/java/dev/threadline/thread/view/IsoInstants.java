package dev.threadline.thread.view;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Formats an instant exactly as {@link DateTimeFormatter#ISO_INSTANT} (and {@link Instant#toString()}) do — UTC,
 * the fraction in groups of three digits as needed, {@code Z} — without their general machinery: a page of messages
 * writes three instants per message, and the formatter was the largest single cost of encoding one. Instants outside
 * the years 0000-9999 take the general formatter.
 */
final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private IsoInstants() {
    }

    static String format(Instant instant) {
        if (instant.getEpochSecond() < FIRST || instant.getEpochSecond() > LAST) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        long epochDay = Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int secondOfDay = (int) (instant.getEpochSecond() - epochDay * SECONDS_PER_DAY);
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        byte[] text = new byte[19 + (fractionDigits == 0 ? 0 : 1 + fractionDigits) + 1];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int end = 19;
        if (fractionDigits > 0) {
            text[end] = '.';
            int scaled = fractionDigits == 3 ? nano / 1_000_000 : fractionDigits == 6 ? nano / 1_000 : nano;
            digits(text, end + 1, scaled, fractionDigits);
            end += 1 + fractionDigits;
        }
        text[end] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code from}. */
    private static void digits(byte[] text, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
