package dev.switchboard.touchpoint;

/**
 * One row of the outbox: an event of the touchpoint stream, keyed by customer, with the event's own interaction (null
 * when it has none).
 */
public record OutboxEntry(long id, String txid, long customerId, String payload, Long interactionId) {

    /** The feed cursor just after this entry. */
    public String cursor() {
        return txid + "." + id;
    }
}
