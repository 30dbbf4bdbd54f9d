package dev.switchboard.channel.asterisk;

/** Where a call-back request stands (docs/channels/telephony.md, "Call-back requests"). */
public enum CallbackState {
    /** Booked; its window has not opened (or the queue is closed): not routed yet. */
    SCHEDULED,
    /** In routing, waiting for an agent. */
    QUEUED,
    /** An agent took it: the agent's phone rings, then the customer's. */
    CALLING,
    /** The customer answered. */
    DONE,
    /** The customer was not reached. */
    FAILED,
    /** The window closed before an agent took it. */
    EXPIRED,
    /** The customer cancelled it. */
    CANCELLED
}
