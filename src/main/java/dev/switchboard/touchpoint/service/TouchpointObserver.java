package dev.switchboard.touchpoint.service;

/**
 * Hears each touchpoint event as the publisher sends it to the stream (the agent socket forwards
 * those of an agent's interactions). Runs on the publisher's thread: must not block.
 */
public interface TouchpointObserver {

    /** @param payload the event as sent to the stream, JSON */
    void published(String payload);
}
