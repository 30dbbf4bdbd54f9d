package dev.switchboard.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Routing settings: the default answer targets that set each contact's due-by time. */
@ConfigMapping(prefix = "switchboard.routing")
public interface RoutingConfig {

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
