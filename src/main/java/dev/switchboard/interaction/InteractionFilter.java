package dev.switchboard.interaction;

import dev.switchboard.organisation.scope.DataScope;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Which interactions a list shows; every null or empty field leaves that side open.
 *
 * @param from created at or after
 * @param to    created before
 * @param scope the caller's data scope: only its customers' interactions (null: every customer's)
 */
public record InteractionFilter(Long customerId, Long agentId, Long queueId, Set<Channel> channels,
                                Set<InteractionState> states, Direction direction, OffsetDateTime from,
                                OffsetDateTime to, DataScope scope) {

    public InteractionFilter {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    /** The same filter narrowed to the scope's customers. */
    public InteractionFilter within(DataScope narrower) {
        return new InteractionFilter(customerId, agentId, queueId, channels, states, direction, from, to, narrower);
    }
}
