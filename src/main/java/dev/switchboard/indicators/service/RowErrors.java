package dev.switchboard.indicators.service;

import dev.switchboard.indicators.RowError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** An import's row errors: all counted, the first {@code max} by line kept (in a bounded heap: memory stays flat). */
final class RowErrors {

    private static final int MAX_MESSAGE = 300;

    private final int max;
    private final PriorityQueue<RowError> kept = new PriorityQueue<>(Comparator.comparingLong(RowError::line).reversed());
    private long count;

    RowErrors(int max) {
        this.max = max;
    }

    void add(RowError error) {
        count++;
        keep(error);
    }

    /** Errors found elsewhere (a merge): {@code total} in all, of which the first are listed. */
    void addAll(List<RowError> first, long total) {
        count += total;
        first.forEach(this::keep);
    }

    private void keep(RowError error) {
        if (max <= 0) {
            return;
        }
        if (kept.size() < max) {
            kept.add(clean(error));
        } else if (error.line() < kept.peek().line()) {
            kept.poll();
            kept.add(clean(error));
        }
    }

    long count() {
        return count;
    }

    /** The kept errors by line. */
    List<RowError> first() {
        List<RowError> list = new ArrayList<>(kept);
        list.sort(Comparator.comparingLong(RowError::line));
        return list;
    }

    /** Messages may quote the input: no control characters (PostgreSQL's JSON refuses NUL), and not too long. */
    private static RowError clean(RowError e) {
        String m = e.message() == null ? "" : e.message();
        StringBuilder b = new StringBuilder(Math.min(m.length(), MAX_MESSAGE));
        for (int i = 0; i < m.length() && b.length() < MAX_MESSAGE; i++) {
            char c = m.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return new RowError(e.line(), e.field(), b.toString());
    }
}
