package dev.switchboard.routing.service;

/**
 * A channel whose contacts live outside routing too (a call stays connected in Asterisk): routing asks
 * it before an agent ends or wraps up a contact, so a record never says ended while the customer is
 * still on the line.
 */
public interface LiveContacts {

    /** Why the agent cannot end the contact yet (for example "the call is still connected"), or null. */
    String stillLive(long interactionId);
}
