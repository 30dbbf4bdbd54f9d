package dev.switchboard.channel.email.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RFC 5322 {@code Date} strictly (with the obsolete two-digit years and zone names of RFC 5322
 * section 4.3). Jakarta Mail's parser is lenient: it turns 31 February into 3 March, 25:61 into the next
 * day and ignores a zone it does not know, so a wrong date would be recorded as if it had been sent.
 */
final class MailDates {

    private static final Pattern DATE = Pattern.compile(
            "^(?:[A-Za-z]{3},\\s*)?(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{2,4})\\s+(\\d{1,2}:\\d{2}(?::\\d{2})?)\\s+([+-]\\d{4}|[A-Za-z]{1,3})$");
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d MMM uuuu H:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("UT", 0), Map.entry("GMT", 0),
            Map.entry("UTC", 0), Map.entry("Z", 0), Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6),
            Map.entry("CDT", -5), Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7));

    private MailDates() {
    }

    /** The date, or null when it is not a valid RFC 5322 date. */
    static OffsetDateTime parse(String raw) {
        if (raw == null) {
            return null;
        }
        String value = withoutComments(raw).replaceAll("\\s+", " ").strip();
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        String year = m.group(3);
        int y = Integer.parseInt(year);
        // RFC 5322 4.3: two-digit years below 50 are 20xx, others and three-digit ones are 1900 + year
        if (year.length() == 2) {
            y += y < 50 ? 2000 : 1900;
        } else if (year.length() == 3) {
            y += 1900;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + " " + m.group(2) + " " + String.format("%04d", y)
                    + " " + m.group(4), FORMAT);
            return OffsetDateTime.of(local, zone(m.group(5))).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException | IllegalArgumentException e) {
            return null;
        }
    }

    private static ZoneOffset zone(String zone) {
        if (zone.startsWith("+") || zone.startsWith("-")) {
            int hours = Integer.parseInt(zone.substring(1, 3));
            int minutes = Integer.parseInt(zone.substring(3, 5));
            if (minutes > 59) {
                throw new IllegalArgumentException("minutes " + minutes);
            }
            int sign = zone.startsWith("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        Integer hours = ZONES.get(zone.toUpperCase(Locale.ROOT));
        // Military zones are ambiguous (RFC 5322 4.3 says to take them as +0000), unknown ones are unreadable.
        if (hours == null && zone.length() == 1 && Character.isLetter(zone.charAt(0)) && zone.charAt(0) != 'J') {
            return ZoneOffset.UTC;
        }
        if (hours == null) {
            throw new IllegalArgumentException("zone " + zone);
        }
        return ZoneOffset.ofHours(hours);
    }

    /** The text without RFC 5322 comments (parenthesised, nested, with quoted pairs), outside quoted strings. */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (depth > 0 || quoted)) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
