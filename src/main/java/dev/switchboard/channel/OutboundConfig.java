package dev.switchboard.channel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    /**
     * Most replies on a channel the touchpoint stream delivers (chat) written together in one statement and one
     * commit when they arrive while another batch of them is being written: 2 to 64; 1 writes every reply alone.
     */
    @WithDefault("64")
    @Min(1)
    @Max(64)
    int replyBatchMax();

    /**
     * Batches of replies written at the same time at most: one while they move; another starts beside them when
     * those in flight have all been out for 200 ms (waiting for an interaction's row lock), and closes once they move.
     */
    @WithDefault("4")
    @Min(1)
    @Max(16)
    int replyBatchesInFlight();
}
