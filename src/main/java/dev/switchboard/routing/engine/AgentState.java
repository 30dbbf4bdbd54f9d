package dev.switchboard.routing.engine;

/**
 * An agent's state as supervisors see it: its presence, or ON_CONTACT while it holds work, or
 * WRAP_UP while it only finishes work that ended.
 */
public enum AgentState {
    OFFLINE, AVAILABLE, PAUSED, ON_CONTACT, WRAP_UP
}
