package dev.switchboard.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Routing settings: answer targets, capacity costs, offer and wrap-up times, preference windows. */
@ConfigMapping(prefix = "switchboard.routing")
public interface RoutingConfig {

    /** Weighted capacity each channel's contact takes from an agent (each agent has 100 unless set). */
    Costs costs();

    /** How long an offer waits for the agent's answer. */
    OfferTimeouts offerTimeout();

    /** Wrap-up time after a contact ends, before its capacity frees. */
    WrapUps wrapUp();

    /** How long only the customer's advisor team may take the contact, per customer tier. */
    StickyWindows advisorWindow();

    /** How far back "the agent who last served this customer" counts. */
    @WithDefault("P7D")
    Duration lastAgentWindow();

    /** Consecutive declined or expired offers after which an agent is paused with reason missed-offers. */
    @WithDefault("2")
    int missesBeforePause();

    /** Whether an agent on a call (voice or VoIP) gets nothing else, whatever the costs. */
    @WithDefault("true")
    boolean callsExclusive();

    /** The pause reasons agents may give; {@code missed-offers} is set by routing itself. */
    @WithDefault("break,lunch,training,meeting,coaching,missed-offers")
    List<String> pauseReasons();

    /** How long an agent may lose its socket before routing treats it as offline. */
    @WithDefault("PT30S")
    Duration socketGrace();

    /**
     * How long an agent socket's opening (the agent looked up, made reachable, its state frame sent) may take; past
     * it the socket is closed with 1013 (try again later) and a warning, not left open without a state frame.
     */
    @WithDefault("PT10S")
    Duration socketOpenTimeout();

    /** How often supervisors get the deltas of what changed; at most this late. */
    @WithDefault("PT0.25S")
    Duration supervisorPushInterval();

    /** The time zone (e.g. Asia/Shanghai) whose day the queue statistics cover; the system zone when unset. */
    Optional<String> statsZone();

    /** Capacity cost of one contact, per channel. */
    interface Costs {
        @WithDefault("100")
        int voice();

        @WithDefault("100")
        int voip();

        @WithDefault("34")
        int chat();

        @WithDefault("25")
        int sms();

        @WithDefault("20")
        int email();

        @WithDefault("20")
        int fax();

        @WithDefault("20")
        int api();
    }

    /** Offer timeout per channel. */
    interface OfferTimeouts {
        @WithDefault("PT15S")
        Duration voice();

        @WithDefault("PT15S")
        Duration voip();

        @WithDefault("PT30S")
        Duration chat();

        @WithDefault("PT30S")
        Duration sms();

        @WithDefault("PT30S")
        Duration email();

        @WithDefault("PT30S")
        Duration fax();

        @WithDefault("PT30S")
        Duration api();
    }

    /** Wrap-up time per channel. */
    interface WrapUps {
        @WithDefault("PT30S")
        Duration voice();

        @WithDefault("PT30S")
        Duration voip();

        @WithDefault("PT15S")
        Duration chat();

        @WithDefault("PT10S")
        Duration sms();

        @WithDefault("PT10S")
        Duration email();

        @WithDefault("PT10S")
        Duration fax();

        @WithDefault("PT10S")
        Duration api();
    }

    /** Advisor-team window per customer tier. */
    interface StickyWindows {
        @WithDefault("PT30S")
        Duration diamond();

        @WithDefault("PT15S")
        Duration gold();

        @WithDefault("PT0S")
        Duration standard();
    }

    /** Answer targets by customer tier and channel, used where a queue sets none of its own. */
    AnswerTargets answerTargets();

    /** Default answer targets of each customer tier. */
    interface AnswerTargets {
        Diamond diamond();

        Gold gold();

        Standard standard();
    }

    /** Answer targets of one customer tier; the optional channels fall back to a related one. */
    interface ChannelTargets {
        /** Calls from the telephone network. */
        Duration voice();

        /** Web chat sessions. */
        Duration chat();

        /** Email threads. */
        Duration email();

        /** Calls over VoIP (web click-to-call, SIP URIs); the voice target when unset. */
        Optional<Duration> voip();

        /** SMS conversations; the chat target when unset. */
        Optional<Duration> sms();

        /** Faxes; the email target when unset. */
        Optional<Duration> fax();

        /** Contacts handed over by other systems through the API; the email target when unset. */
        Optional<Duration> api();
    }

    /** Diamond customers. */
    interface Diamond extends ChannelTargets {
        @Override
        @WithDefault("PT20S")
        Duration voice();

        @Override
        @WithDefault("PT60S")
        Duration chat();

        @Override
        @WithDefault("PT4H")
        Duration email();
    }

    /** Gold customers. */
    interface Gold extends ChannelTargets {
        @Override
        @WithDefault("PT40S")
        Duration voice();

        @Override
        @WithDefault("PT120S")
        Duration chat();

        @Override
        @WithDefault("PT8H")
        Duration email();
    }

    /** Standard customers. */
    interface Standard extends ChannelTargets {
        @Override
        @WithDefault("PT90S")
        Duration voice();

        @Override
        @WithDefault("PT300S")
        Duration chat();

        @Override
        @WithDefault("PT24H")
        Duration email();
    }
}
