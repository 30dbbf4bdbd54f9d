package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.RoutingRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/** Turns the routing configuration into the engine's plain rules. */
@ApplicationScoped
public class RoutingRulesFactory {

    static final String MISSED_OFFERS = "missed-offers";

    @Produces
    @Singleton
    RoutingRules rules(RoutingConfig config) {
        RoutingConfig.Costs c = config.costs();
        RoutingConfig.OfferTimeouts o = config.offerTimeout();
        RoutingConfig.WrapUps w = config.wrapUp();
        RoutingConfig.StickyWindows s = config.advisorWindow();
        Map<Channel, Integer> costs = new EnumMap<>(Map.of(Channel.VOICE, c.voice(), Channel.VOIP, c.voip(),
                Channel.CHAT, c.chat(), Channel.SMS, c.sms(), Channel.EMAIL, c.email(), Channel.FAX, c.fax(),
                Channel.API, c.api()));
        Map<Channel, Duration> offers = new EnumMap<>(Map.of(Channel.VOICE, o.voice(), Channel.VOIP, o.voip(),
                Channel.CHAT, o.chat(), Channel.SMS, o.sms(), Channel.EMAIL, o.email(), Channel.FAX, o.fax(),
                Channel.API, o.api()));
        Map<Channel, Duration> wraps = new EnumMap<>(Map.of(Channel.VOICE, w.voice(), Channel.VOIP, w.voip(),
                Channel.CHAT, w.chat(), Channel.SMS, w.sms(), Channel.EMAIL, w.email(), Channel.FAX, w.fax(),
                Channel.API, w.api()));
        Map<Tier, Duration> sticky = new EnumMap<>(Map.of(Tier.DIAMOND, s.diamond(), Tier.GOLD, s.gold(),
                Tier.STANDARD, s.standard()));
        return new RoutingRules(costs, offers, wraps, sticky, config.lastAgentWindow(), config.missesBeforePause(),
                MISSED_OFFERS, config.callsExclusive() ? EnumSet.of(Channel.VOICE, Channel.VOIP)
                        : EnumSet.noneOf(Channel.class));
    }
}
