package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.routing.RoutingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The configured default answer target of a (customer tier, channel). */
@ApplicationScoped
public class AnswerTargetPolicy {

    private final RoutingConfig.AnswerTargets targets;

    AnswerTargetPolicy(RoutingConfig config) {
        this.targets = config.answerTargets();
    }

    public Duration defaultTarget(Tier tier, Channel channel) {
        RoutingConfig.ChannelTargets t = switch (tier) {
            case DIAMOND -> targets.diamond();
            case GOLD -> targets.gold();
            case STANDARD -> targets.standard();
        };
        return switch (channel) {
            case VOICE -> t.voice();
            case VOIP -> t.voip().orElseGet(t::voice);
            case CHAT -> t.chat();
            case SMS -> t.sms().orElseGet(t::chat);
            case EMAIL -> t.email();
            case FAX -> t.fax().orElseGet(t::email);
            case API -> t.api().orElseGet(t::email);
            case SYSTEM -> throw new IllegalArgumentException("SYSTEM touchpoints are not answered");
        };
    }
}
