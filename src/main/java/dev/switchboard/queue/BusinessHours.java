package dev.switchboard.queue;

import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
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
            LocalTime time = t.toLocalTime();
            return onDay(t.getDayOfWeek().getValue()) && !time.isBefore(from) && time.isBefore(to);
        }

        boolean onDay(int day) {
            return firstDay <= lastDay ? day >= firstDay && day <= lastDay : day >= firstDay || day <= lastDay;
        }
    }

    /** A stretch of time the queue is open, {@code from} inclusive, {@code to} exclusive. */
    public record Period(Instant from, Instant to) {
        public boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
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

    /**
     * The periods the queue is open between two instants, in order, touching periods joined (the whole
     * stretch when always open). A day's local times are taken in the queue's zone, so a change to or from
     * summer time shortens or lengthens that day as the clock on the wall does.
     */
    public List<Period> openBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return List.of();
        }
        if (spans.isEmpty()) {
            return List.of(new Period(from, to));
        }
        List<Period> open = new ArrayList<>();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
            for (Span span : spans) {
                if (!span.onDay(date.getDayOfWeek().getValue())) {
                    continue;
                }
                Instant start = date.atTime(span.from()).atZone(zone).toInstant();
                Instant end = span.to().equals(LocalTime.MAX) ? date.plusDays(1).atStartOfDay(zone).toInstant()
                        : date.atTime(span.to()).atZone(zone).toInstant();
                Instant a = start.isBefore(from) ? from : start;
                Instant b = end.isAfter(to) ? to : end;
                if (b.isAfter(a)) {
                    open.add(new Period(a, b));
                }
            }
        }
        open.sort(Comparator.comparing(Period::from));
        List<Period> joined = new ArrayList<>();
        for (Period p : open) {
            Period prev = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (prev != null && !p.from().isAfter(prev.to())) {
                joined.set(joined.size() - 1, new Period(prev.from(), p.to().isAfter(prev.to()) ? p.to() : prev.to()));
            } else {
                joined.add(p);
            }
        }
        return joined;
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
