package dev.switchboard.channel;

/**
 * Where a message out stands. It only moves forward: QUEUED, RETRYING, SENT (the gateway took it),
 * then DELIVERED or FAILED, which are final.
 */
public enum DeliveryStatus {
    QUEUED, RETRYING, SENT, DELIVERED, FAILED
}
