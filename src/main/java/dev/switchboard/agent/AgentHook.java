package dev.switchboard.agent;

import io.smallrye.mutiny.Uni;

/**
 * Told of every change to an agent record, inside the transaction that makes it, so that what other
 * features keep per agent (a channel's softphone endpoint) commits with the change or not at all.
 */
public interface AgentHook {

    /**
     * The agent was created or changed.
     *
     * @param previousSipEndpoint the softphone endpoint its record named before the change (null on create)
     */
    Uni<Void> agentSaved(Agent agent, String previousSipEndpoint, boolean created);

    /** The agent was deleted. */
    Uni<Void> agentDeleted(Agent agent);
}
