package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;

import java.time.Instant;
import java.util.EnumSet;
import java.util.IdentityHashMap;
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

    /** Bit per channel ordinal: the channels of which the agent holds at least one contact. */
    private int heldMask;

    /*
     * What selection asks of every agent for every contact, kept as bits (one per enum ordinal) so that a scan of
     * all agents does no set look-ups. Derived from the profile and from presentChannels; both are only ever
     * replaced, never changed in place, so the reference they were derived from tells whether they are current.
     */
    private AgentProfile derivedFrom;
    private Set<Channel> presentDerivedFrom;
    private int clearanceMask;
    private int profileChannelMask;
    private int presentMask;
    /** Whether the agent has the skills a queue asks for, per queue record (a changed queue is a new record). */
    private final Map<QueueProfile, Boolean> skillsFor = new IdentityHashMap<>();

    void hold(Load load) {
        loads.put(load.item.contact.interactionId(), load);
        used += load.cost;
        int ordinal = load.item.contact.channel().ordinal();
        heldPerChannel[ordinal]++;
        heldMask |= 1 << ordinal;
    }

    void release(Load load) {
        if (loads.remove(load.item.contact.interactionId()) != null) {
            used -= load.cost;
            int ordinal = load.item.contact.channel().ordinal();
            if (--heldPerChannel[ordinal] == 0) {
                heldMask &= ~(1 << ordinal);
            }
        }
    }

    /** Whether the agent holds a contact of any channel in {@code channelMask} (bits by ordinal). */
    boolean holdsAnyOf(int channelMask) {
        return (heldMask & channelMask) != 0;
    }

    private void derive() {
        if (derivedFrom != profile) {
            derivedFrom = profile;
            clearanceMask = mask(profile.clearance());
            profileChannelMask = mask(profile.channels());
            skillsFor.clear();
        }
        if (presentDerivedFrom != presentChannels) {
            presentDerivedFrom = presentChannels;
            presentMask = mask(presentChannels);
        }
    }

    /** The channels (bits by ordinal) the agent may be offered now: available, present for and profiled for. */
    int readyMask() {
        if (presence != Presence.AVAILABLE) {
            return 0;
        }
        derive();
        return presentMask & profileChannelMask;
    }

    /** The tiers (bits by ordinal) the agent is cleared for. */
    int clearanceMask() {
        derive();
        return clearanceMask;
    }

    /** Whether the agent has at least the levels the queue asks for in each of its skills. */
    boolean hasSkillsFor(QueueProfile queue) {
        derive();
        Boolean known = skillsFor.get(queue);
        if (known == null) {
            known = true;
            for (Map.Entry<String, Integer> need : queue.skills().entrySet()) {
                if (profile.skills().getOrDefault(need.getKey(), 0) < need.getValue()) {
                    known = false;
                    break;
                }
            }
            if (skillsFor.size() >= 256) {
                skillsFor.clear(); // records of queues changed since: forget them rather than keep them all
            }
            skillsFor.put(queue, known);
        }
        return known;
    }

    static int mask(Set<? extends Enum<?>> values) {
        int mask = 0;
        for (Enum<?> value : values) {
            mask |= 1 << value.ordinal();
        }
        return mask;
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
