package dev.switchboard.routing;

import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.Presence;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An agent as routing sees it now: presence, state with time in state, capacity, the work it holds,
 * and its offers missed (declined or timed out) and pauses begun today in the statistics zone.
 */
public record AgentStatus(long agentId, String name, Long teamId, Presence presence, String reason,
                          Set<Channel> channels, AgentState state, Instant since, long secondsInState,
                          int usedCapacity, int capacity, List<Work> work, int missedToday, int pausedToday) {

    /** A contact the agent holds; phase is OFFERED, ACTIVE or WRAP_UP; until is the offer expiry or wrap-up end. */
    public record Work(long interactionId, long customerId, long queueId, Channel channel, String tier, String phase,
                       Instant until) {
    }
}
