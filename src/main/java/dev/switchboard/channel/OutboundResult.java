package dev.switchboard.channel;

/** A queued message out: its interaction and touchpoint, and its status when this answer was made. */
public record OutboundResult(long interactionId, long touchpointId, DeliveryStatus status, boolean created) {
}
