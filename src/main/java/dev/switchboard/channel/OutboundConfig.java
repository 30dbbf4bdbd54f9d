package dev.switchboard.channel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How messages out are handed to their gateways and retried. */
@ConfigMapping(prefix = "switchboard.outbound")
public interface OutboundConfig {

    /** How often the dispatcher looks for messages due, besides being woken when one is queued. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Wait before the second attempt; it doubles with each further attempt. */
    @WithDefault("PT5S")
    Duration retryInitial();

    /** The longest wait between two attempts. */
    @WithDefault("PT10M")
    Duration retryMax();

    /** Attempts before a message is marked FAILED; with the defaults, about four hours of trying. */
    @WithDefault("30")
    int maxAttempts();

    /** How long one attempt may take before another instance (or this one after a crash) tries again. */
    @WithDefault("PT2M")
    Duration claimTimeout();

    /** Messages claimed in one pass. */
    @WithDefault("50")
    int batchSize();
}
