package dev.switchboard.routing;

import java.util.List;

/**
 * A queue's day in intervals of {@code minutes} in the statistics zone, from the records: each
 * contact counted in the interval where it joined the queue (arrived), was answered, or abandoned.
 */
public record QueueIntervals(long queueId, String date, String zone, int minutes, List<Interval> items) {

    /**
     * One interval; {@code start} is local time with its offset; serviceLevel is (answered in target +
     * abandoned in target) / (answered + abandoned), null when no contact left the queue in it.
     */
    public record Interval(String start, long arrived, long answered, long answeredInTarget, long abandoned,
                           long abandonedInTarget, Double serviceLevel) {
    }
}
