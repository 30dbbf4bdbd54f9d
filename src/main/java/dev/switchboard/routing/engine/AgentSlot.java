package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One agent inside the engine: its presence and the work it holds, each charged against its capacity. */
final class AgentSlot {

    /** The phase of a piece of work an agent holds. */
    enum Phase { OFFERED, ACTIVE, WRAP_UP }

    /** A piece of work the agent holds and what it costs. */
    static final class Load {
        final Waiting item;
        final int cost;
        Phase phase;
        /** When the offer expires or the wrap-up ends; null while active. */
        Instant until;
        Instant acceptedAt;
        /** Whether the agent could see the offer: it had a socket when it was made, or connected since. */
        boolean delivered;

        Load(Waiting item, int cost, Phase phase, Instant until) {
            this.item = item;
            this.cost = cost;
            this.phase = phase;
            this.until = until;
        }
    }

    AgentProfile profile;
    Presence presence = Presence.OFFLINE;
    String reason;
    Set<Channel> presentChannels = EnumSet.noneOf(Channel.class);
    AgentState state = AgentState.OFFLINE;
    Instant stateSince;
    /** When the agent last became ready for more work: back from a pause, after an offer, after wrap-up. */
    Instant readySince;
    int misses;
    /**
     * Whether offers reach the agent. True unless routing heard otherwise (its socket closed, or a
     * restart before it reconnected); an agent without a socket may still take calls on its phone.
     */
    boolean reachable = true;
    final Map<Long, Load> loads = new LinkedHashMap<>();

    AgentSlot(AgentProfile profile, Instant now) {
        this.profile = profile;
        this.stateSince = now;
        this.readySince = now;
    }

    /** Kept in step with {@link #loads} so that eligibility checks need not walk the loads. */
    private int used;
    private final int[] heldPerChannel = new int[Channel.values().length];

    void hold(Load load) {
        loads.put(load.item.contact.interactionId(), load);
        used += load.cost;
        heldPerChannel[load.item.contact.channel().ordinal()]++;
    }

    void release(Load load) {
        if (loads.remove(load.item.contact.interactionId()) != null) {
            used -= load.cost;
            heldPerChannel[load.item.contact.channel().ordinal()]--;
        }
    }

    int used() {
        return used;
    }

    boolean presentFor(Channel channel) {
        return presence == Presence.AVAILABLE && presentChannels.contains(channel)
                && profile.channels().contains(channel);
    }

    boolean holdsAny(Set<Channel> channels) {
        for (Channel channel : channels) {
            if (heldPerChannel[channel.ordinal()] > 0) {
                return true;
            }
        }
        return false;
    }

    /** The state supervisors see, derived from presence and held work; a pending offer changes nothing. */
    AgentState derivedState() {
        boolean wrapping = false;
        for (Load load : loads.values()) {
            if (load.phase == Phase.ACTIVE) {
                return AgentState.ON_CONTACT;
            }
            wrapping |= load.phase == Phase.WRAP_UP;
        }
        if (wrapping) {
            return AgentState.WRAP_UP;
        }
        return switch (presence) {
            case OFFLINE -> AgentState.OFFLINE;
            case AVAILABLE -> AgentState.AVAILABLE;
            case PAUSED -> AgentState.PAUSED;
        };
    }
}
