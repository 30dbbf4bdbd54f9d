package dev.switchboard.platform;

import dev.switchboard.platform.problem.ProblemException;

/** Reads the {@code page} and {@code size} query parameters of a paged list; out of range is a validation problem. */
public final class Paging {

    /** The highest page number asked for that is answered (deeper pages are refused, not scanned). */
    public static final int MAX_PAGE = 1_000_000;

    private Paging() {
    }

    /** The page asked for, from 0 (the default). */
    public static int page(Integer page) {
        if (page != null && (page < 0 || page > MAX_PAGE)) {
            throw ProblemException.invalid("page", "must be between 0 and " + MAX_PAGE);
        }
        return page == null ? 0 : page;
    }

    /** The page size asked for, from 1 to {@code max}; {@code fallback} when none. */
    public static int size(Integer size, int max, int fallback) {
        if (size != null && (size < 1 || size > max)) {
            throw ProblemException.invalid("size", "must be between 1 and " + max);
        }
        return size == null ? fallback : size;
    }
}
