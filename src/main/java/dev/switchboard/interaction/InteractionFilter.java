package dev.switchboard.interaction;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Which interactions a list shows; every null or empty field leaves that side open.
 *
 * @param from created at or after
 * @param to   created before
 */
public record InteractionFilter(Long customerId, Long agentId, Long queueId, Set<Channel> channels,
                                Set<InteractionState> states, Direction direction, OffsetDateTime from,
                                OffsetDateTime to) {

    public InteractionFilter {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        states = states == null ? Set.of() : Set.copyOf(states);
    }
}
