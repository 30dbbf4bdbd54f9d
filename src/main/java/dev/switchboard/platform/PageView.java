package dev.switchboard.platform;

import java.util.List;

/** One page of a longer list. */
public record PageView<T>(List<T> items, int page, int size, long total) {

    /**
     * The highest page number any list takes: with every list's largest page size the offset stays far inside
     * what the database and an int can hold (page=2147483647 is refused with 400, not answered 500).
     */
    public static final int MAX_PAGE = 100_000;
}
