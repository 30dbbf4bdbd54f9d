package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The tunable numbers of routing, as plain values so the engine can be run without the framework.
 *
 * @param costs              capacity each channel takes from an agent's weighted capacity
 * @param offerTimeouts      how long an offer waits for an answer, per channel
 * @param wrapUps            wrap-up time after an interaction ends, per channel
 * @param stickyWindows      how long only the customer's advisor team may take a contact, per tier
 * @param lastAgentWindow    how far back "the agent who last served this customer" counts
 * @param missesBeforePause  consecutive declined or expired offers that pause an agent
 * @param missedOffersReason the pause reason given to such an agent
 * @param exclusiveChannels  channels whose contact keeps the agent from any other work (calls)
 */
public record RoutingRules(Map<Channel, Integer> costs, Map<Channel, Duration> offerTimeouts,
                           Map<Channel, Duration> wrapUps, Map<Tier, Duration> stickyWindows,
                           Duration lastAgentWindow, int missesBeforePause, String missedOffersReason,
                           Set<Channel> exclusiveChannels) {

    public int cost(Channel channel) {
        return costs.getOrDefault(channel, 100);
    }

    public Duration offerTimeout(Channel channel) {
        return offerTimeouts.getOrDefault(channel, Duration.ofSeconds(30));
    }

    public Duration wrapUp(Channel channel) {
        return wrapUps.getOrDefault(channel, Duration.ZERO);
    }

    public Duration stickyWindow(Tier tier) {
        return stickyWindows.getOrDefault(tier, Duration.ZERO);
    }

    /** When only the contact's advisor team may no longer take it alone: its own limit, or arrival + the tier's window. */
    public java.time.Instant advisorWindowEnd(Contact c) {
        return c.teamFirstUntil() != null ? c.teamFirstUntil() : c.arrivedAt().plus(stickyWindow(c.tier()));
    }
}
