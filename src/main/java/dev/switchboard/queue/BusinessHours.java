package dev.switchboard.queue;

import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A queue's opening hours, written as people write them: {@code Mon-Fri 09:00-18:00, Sat 09:00-12:00
 * Asia/Shanghai}. Day ranges or single days, each with one time span; the time zone last (UTC when
 * left out). Blank or {@code 24/7} means always open.
 */
public record BusinessHours(List<Span> spans, ZoneId zone) {

    /** Open on these days (Monday = 1) from {@code from} until before {@code to}. */
    public record Span(int firstDay, int lastDay, LocalTime from, LocalTime to) {
        boolean covers(ZonedDateTime t) {
            int day = t.getDayOfWeek().getValue();
            boolean onDay = firstDay <= lastDay ? day >= firstDay && day <= lastDay : day >= firstDay || day <= lastDay;
            LocalTime time = t.toLocalTime();
            return onDay && !time.isBefore(from) && time.isBefore(to);
        }
    }

    public static final BusinessHours ALWAYS = new BusinessHours(List.of(), ZoneOffset.UTC);

    /** Parses the text; throws IllegalArgumentException saying what is wrong. */
    public static BusinessHours parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("24/7")) {
            return ALWAYS;
        }
        String rest = text.strip();
        ZoneId zone = ZoneOffset.UTC;
        int lastSpace = rest.lastIndexOf(' ');
        String last = lastSpace < 0 ? rest : rest.substring(lastSpace + 1);
        if (last.chars().anyMatch(Character::isLetter) && !last.contains(":")) {
            try {
                zone = ZoneId.of(last);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + last + "'");
            }
            rest = lastSpace < 0 ? "" : rest.substring(0, lastSpace).strip();
        }
        List<Span> spans = new ArrayList<>();
        for (String part : rest.split("[,;]")) {
            String[] words = part.strip().split("\\s+");
            if (words.length != 2) {
                throw new IllegalArgumentException("expected 'Mon-Fri 09:00-18:00', not '" + part.strip() + "'");
            }
            String[] days = words[0].split("-");
            String[] times = words[1].split("-");
            if (days.length > 2 || times.length != 2) {
                throw new IllegalArgumentException("expected 'Mon-Fri 09:00-18:00', not '" + part.strip() + "'");
            }
            LocalTime from = time(times[0]);
            LocalTime to = times[1].equals("24:00") ? LocalTime.MAX : time(times[1]);
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("'" + words[1] + "' must end after it starts");
            }
            spans.add(new Span(day(days[0]), day(days[days.length - 1]), from, to));
        }
        return new BusinessHours(List.copyOf(spans), zone);
    }

    public boolean isOpen(Instant at) {
        if (spans.isEmpty()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        return spans.stream().anyMatch(s -> s.covers(local));
    }

    private static int day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)) {
                return d.getValue();
            }
        }
        throw new IllegalArgumentException("unknown day '" + name + "': use Mon, Tue, Wed, Thu, Fri, Sat, Sun");
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time like 09:00");
        }
    }
}
