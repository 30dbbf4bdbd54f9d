package dev.switchboard.channel;

import java.util.UUID;

/**
 * The outcome of an inbound contact. {@code created} is false when the idempotency key was seen
 * before: the result is then the first one and nothing was written.
 */
public record IngestResult(long customerId, boolean customerCreated, long interactionId, boolean interactionCreated,
                           long touchpointId, UUID eventId, int seq, boolean created) {
}
