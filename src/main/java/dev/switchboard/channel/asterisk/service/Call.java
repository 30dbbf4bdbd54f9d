package dev.switchboard.channel.asterisk.service;

import dev.switchboard.interaction.Channel;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the adapter knows of one live call, keyed by its linkedid. Changed only on the call-event
 * thread; controls read it from other threads, hence the volatile fields.
 */
final class Call {

    /** inbound: a customer called us; outbound: click-to-call or a call-back, from an agent's phone. */
    enum Direction { INBOUND, OUTBOUND }

    final String linkedid;
    final long interactionId;
    final long customerId;
    final Channel channel;
    final Direction direction;
    final Instant startedAt = Instant.now();
    /** The customer's channel (inbound: the caller; outbound: the trunk leg once dialled). */
    volatile String customerChannel;
    /** The offer whose Redirect was sent and whose Dial has not started yet. */
    volatile Ring pendingRing;
    /** The offer the caller's Dial in progress belongs to (between the empty and the final DIALSTATUS). */
    volatile Ring dialling;
    /** The agent's channel: ringing or connected (outbound: the originated leg). */
    volatile String agentChannel;
    volatile Long agentId;
    volatile boolean connected;
    volatile Instant connectedAt;
    /** Who hung up first: customer, agent, switchboard; null while nobody has. */
    volatile String hungUpBy;
    volatile String recordingId;
    volatile String recordingFile;
    volatile boolean recordingPaused;
    /** The consult leg of an attended transfer in progress, and the agent consulted. */
    volatile String consultChannel;
    volatile Long consultAgentId;
    /** Channels a party put on hold (Hold without its Unhold yet). */
    final Set<String> held = ConcurrentHashMap.newKeySet();
    /** The cause of the first request to hang up the caller's side: the caller's own (a BYE) or ours. */
    volatile Integer hangupCause;
    /** The first channel of the call that Asterisk hung up, with its cause, for calls nobody hung up. */
    volatile String firstEnded;
    volatile Integer firstEndedCause;
    /** A blind transfer sent the caller to an outside number: the call is no longer an agent's. */
    volatile boolean transferredOut;
    /**
     * An outbound call whose interaction routing holds (a call-back the agent accepted): its end goes to routing
     * (wrap-up), not straight to the record as a click-to-call's does.
     */
    volatile boolean routed;
    /** The queue an inbound call goes to when not telephony's own (a web call goes to its chat's). */
    volatile Long queueId;
    /** An outbound call's customer leg ended unanswered with this DIALSTATUS (BUSY, NOANSWER, ...). */
    volatile String customerDialStatus;

    Call(String linkedid, long interactionId, long customerId, Channel channel, Direction direction) {
        this.linkedid = linkedid;
        this.interactionId = interactionId;
        this.customerId = customerId;
        this.channel = channel;
        this.direction = direction;
    }

    /**
     * One offer of the call to an agent's phone: the Redirect that rings it, then the Dial it starts.
     * Every Dial result is booked against its own ring, so a late result of a withdrawn offer never
     * counts against the next agent.
     */
    static final class Ring {
        final long agentId;
        /** The extension of the agent context it rings (the agent's endpoint); null when not known. */
        final String endpoint;
        /** The agent's leg once the Dial created it; null for a phone that could not be reached. */
        volatile String leg;
        /** Routing ended the offer (expired, withdrawn): its Dial's result changes nothing. */
        volatile boolean over;
        /** The Dial's result was already booked (answered or missed). */
        volatile boolean settled;

        Ring(long agentId, String endpoint) {
            this.agentId = agentId;
            this.endpoint = endpoint;
        }

        /** Whether the Dial's result still decides the offer. */
        boolean open() {
            return !over && !settled;
        }
    }

    /** The ring of the given agent, pending or dialling, or null. */
    Ring ringOf(long agent) {
        Ring d = dialling;
        if (d != null && d.agentId == agent && !d.over) {
            return d;
        }
        Ring p = pendingRing;
        return p != null && p.agentId == agent && !p.over ? p : null;
    }

    /** The role of a channel in this call, for "who hung up". */
    String roleOf(String channelName) {
        if (channelName == null) {
            return "switchboard";
        }
        if (channelName.equals(customerChannel)) {
            return "customer";
        }
        if (channelName.equals(agentChannel) || channelName.equals(consultChannel)) {
            return "agent";
        }
        return "switchboard";
    }
}
