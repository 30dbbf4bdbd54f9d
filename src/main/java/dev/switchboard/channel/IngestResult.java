package dev.switchboard.channel;

import java.util.UUID;

/**
 * The outcome of an inbound contact. {@code created} is false when the idempotency key was seen
 * before: the result is then the first one and nothing was written. {@code interactionReopened}
 * says a closed thread was opened again; {@code threadRejected} that the thread the adapter matched
 * belongs to someone else, so a new interaction was opened instead.
 */
public record IngestResult(long customerId, boolean customerCreated, long interactionId, boolean interactionCreated,
                           boolean interactionReopened, boolean threadRejected, long touchpointId, UUID eventId,
                           int seq, boolean created) {

    /** Whether the contact left an interaction that routing has not seen yet. */
    public boolean needsRouting() {
        return created && (interactionCreated || interactionReopened);
    }
}
