package dev.switchboard.agent;

import io.smallrye.mutiny.Uni;

/**
 * Told of every change to the agent records, inside the transaction that makes it, so that what
 * other features keep per agent (a channel's softphone endpoint) commits with the change or not at all.
 */
public interface AgentHook {

    /** The agents changed (one created, changed or deleted); runs in the change's transaction. */
    Uni<Void> agentsChanged();
}
