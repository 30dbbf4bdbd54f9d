package dev.switchboard.touchpoint;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the touchpoint stream's outbox publisher. */
@ConfigMapping(prefix = "switchboard.touchpoints")
public interface TouchpointStreamConfig {

    /** How often the publisher looks for outbox rows written by other instances (it is also woken by local writes). */
    @WithDefault("1s")
    String pollInterval();

    /** Outbox rows published per database transaction. */
    @WithDefault("200")
    int batchSize();

    /** Messages the in-memory sink of the default setup keeps before it is emptied. */
    @WithDefault("10000")
    int inMemoryRetention();

    /** Start the publisher with the service; off only to operate on the outbox by hand. */
    @WithDefault("true")
    boolean publisherEnabled();
}
