package dev.switchboard.routing;

import dev.switchboard.customer.Tier;

import java.time.Instant;
import java.util.Map;

/**
 * A queue's live figures and today's results; docs/routing.md defines each.
 *
 * @param byTier the same figures for each customer tier's contacts
 */
public record QueueStats(long queueId, String name, Instant at, Instant periodStart, int waiting,
                         long oldestWaitSeconds, Agents agents, Figures total, Map<Tier, Figures> byTier) {

    /** Agents who serve the queue (its teams and skills), by state. */
    public record Agents(int staffed, int available, int onContact, int wrapUp, int paused) {
    }

    /**
     * @param serviceLevel    answered or abandoned within target over all that left the queue; null when none left
     * @param abandonmentRate abandoned over all that left; null when none left
     * @param averageSpeedOfAnswerSeconds mean wait of the answered; null when none
     * @param averageHandleSeconds        mean accept-to-end-of-wrap-up of the handled; null when none
     */
    public record Figures(int waiting, long oldestWaitSeconds, long answered, long answeredInTarget, long abandoned,
                         long abandonedInTarget, Double serviceLevel, Double abandonmentRate,
                         Double averageSpeedOfAnswerSeconds, Double averageHandleSeconds) {
    }
}
