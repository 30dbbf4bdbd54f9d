package dev.switchboard.channel;

/**
 * Who asks to send: a signed-in user, the agent record it signs in as (or null), and whether its
 * role lets it act on any agent's interactions.
 */
public record Actor(String username, Long agentId, boolean supervisor) {
}
