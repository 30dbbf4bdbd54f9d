package dev.switchboard.channel.asterisk.service;

import dev.switchboard.interaction.Channel;
import java.time.Instant;

/**
 * What the adapter knows of one live call, keyed by its linkedid. Changed only on the call-event
 * thread; controls read it from other threads, hence the volatile fields.
 */
final class Call {

    /** inbound: a customer called us; outbound: click-to-call from an agent's phone. */
    enum Direction { INBOUND, OUTBOUND }

    final String linkedid;
    final long interactionId;
    final long customerId;
    final Channel channel;
    final Direction direction;
    final Instant startedAt = Instant.now();
    /** The customer's channel (inbound: the caller; outbound: the trunk leg once dialled). */
    volatile String customerChannel;
    /** The agent the caller was just sent to ring, until its phone's leg appears (or the Dial fails without one). */
    volatile Long offeredAgentId;
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
    /** The agent a completed attended transfer handed the call to; routing is told when it offers. */
    volatile Long handedTo;

    Call(String linkedid, long interactionId, long customerId, Channel channel, Direction direction) {
        this.linkedid = linkedid;
        this.interactionId = interactionId;
        this.customerId = customerId;
        this.channel = channel;
        this.direction = direction;
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
