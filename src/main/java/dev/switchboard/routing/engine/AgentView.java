package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A read-only copy of an agent's routing state. */
public record AgentView(AgentProfile profile, Presence presence, String reason, Set<Channel> presentChannels,
                        AgentState state, Instant stateSince, Instant readySince, int misses, int usedCapacity,
                        List<Held> held) {

    /** A contact the agent holds: phase OFFERED, ACTIVE or WRAP_UP. */
    public record Held(Contact contact, String phase, Instant until, Instant acceptedAt, int cost) {
    }
}
