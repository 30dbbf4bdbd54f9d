package dev.switchboard.routing.service;

import java.util.Set;

/** The agents' live sockets, as routing and the channels need them (the agent socket implements it). */
public interface AgentSockets {

    /** Whether the agent has a live socket to this instance. */
    boolean isConnected(long agentId);

    /** The agents with a live socket to this instance. */
    Set<Long> connected();

    /**
     * Lets the agent hear of an interaction it holds outside routing (a conversation it started):
     * its touchpoints are forwarded to the agent's socket from now on.
     */
    void holds(long agentId, long interactionId);

    /** Sends a frame (a JSON object) to every socket of the agent (in a cluster, on every instance). */
    void send(long agentId, String frame);
}
