package dev.switchboard.interaction;

/** Who started a contact or sent a message. */
public enum Direction {
    INBOUND, OUTBOUND
}
