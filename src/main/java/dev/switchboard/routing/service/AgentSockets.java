package dev.switchboard.routing.service;

/** Whether an agent has a live socket to this instance (the agent socket implements it). */
public interface AgentSockets {

    boolean isConnected(long agentId);
}
