package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;

import java.util.Map;
import java.util.Set;

/** What routing needs to know of an agent's record: who it may serve and how much at once. */
public record AgentProfile(long id, String name, Long teamId, Set<Tier> clearance, Set<Channel> channels,
                           Map<String, Integer> skills, int capacity) {
}
