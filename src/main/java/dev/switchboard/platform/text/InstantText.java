package dev.switchboard.platform.text;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants as {@link Instant#toString()} writes them (ISO-8601 in UTC, the fraction in groups of three digits, as
 * many as it needs), without java.time's formatter, which builds a date-time, a print context and several strings
 * for every instant it writes: routing writes a handful for every contact it moves.
 */
public final class InstantText {

    /** Room for any instant {@link #write} writes from its own digits ({@code 9999-12-31T23:59:59.999999999Z}). */
    public static final int LENGTH = 30;
    /** {@code 0000-01-01T00:00:00Z}: before it, {@link Instant#toString()} writes a sign. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    /** {@code 9999-12-31T23:59:59Z}: after it, {@link Instant#toString()} writes a sign and more digits. */
    private static final long LAST_SECOND = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    private InstantText() {
    }

    /** The instant's text, as {@link Instant#toString()}. */
    public static String of(Instant instant) {
        char[] text = new char[LENGTH];
        int length = write(instant, text);
        return length < 0 ? instant.toString() : new String(text, 0, length);
    }

    /**
     * Writes the instant's text at the start of {@code into} (at least {@link #LENGTH} long).
     *
     * @return its length, or -1 for an instant outside the years 0000 to 9999, which only {@link Instant#toString()}
     *         writes
     */
    public static int write(Instant instant, char[] into) {
        long second = instant.getEpochSecond();
        if (second < FIRST_SECOND || second > LAST_SECOND) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, SECONDS_PER_DAY));
        int ofDay = (int) Math.floorMod(second, SECONDS_PER_DAY);
        digits(date.getYear(), 4, into, 0);
        into[4] = '-';
        digits(date.getMonthValue(), 2, into, 5);
        into[7] = '-';
        digits(date.getDayOfMonth(), 2, into, 8);
        into[10] = 'T';
        digits(ofDay / 3600, 2, into, 11);
        into[13] = ':';
        digits(ofDay / 60 % 60, 2, into, 14);
        into[16] = ':';
        digits(ofDay % 60, 2, into, 17);
        int at = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            into[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(nano / 1_000_000, 3, into, at);
            } else if (nano % 1000 == 0) {
                at = digits(nano / 1000, 6, into, at);
            } else {
                at = digits(nano, 9, into, at);
            }
        }
        into[at++] = 'Z';
        return at;
    }

    /** Writes {@code value} in {@code width} decimal digits, zero-padded; returns the index after them. */
    private static int digits(int value, int width, char[] into, int at) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }
}
