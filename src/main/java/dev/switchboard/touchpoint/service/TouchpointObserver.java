package dev.switchboard.touchpoint.service;

/**
 * Hears each touchpoint event once it is on the stream (the agent socket forwards those of an agent's
 * interactions). Alone, an instance's publisher calls every observer as it sends; in a cluster the
 * {@link TouchpointFanOut} of every instance calls those that serve {@link #eachInstance()}, and the
 * publishing instance the others. Runs on the publisher's or the fan-out's thread: must not block.
 */
public interface TouchpointObserver {

    /**
     * @param payload       the event as sent to the stream, JSON
     * @param interactionId the event's own interactionId, read once for all observers; null when it has none
     */
    void published(String payload, Long interactionId);

    /**
     * Whether every instance of a cluster hears the events (true: sockets, which may be on any instance) or only
     * the instance that published them, once per event (false: a write to the records, or what concerns the
     * publisher's own connector). Alone, an instance hears every event either way.
     */
    default boolean eachInstance() {
        return true;
    }
}
