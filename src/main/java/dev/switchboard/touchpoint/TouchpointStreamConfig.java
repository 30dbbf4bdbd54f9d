package dev.switchboard.touchpoint;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the touchpoint stream's outbox publisher. */
@ConfigMapping(prefix = "switchboard.touchpoints")
public interface TouchpointStreamConfig {

    /** How often the publisher looks for outbox rows written by other instances (it is also woken by local writes). */
    @WithDefault("1s")
    String pollInterval();

    /**
     * How long the publisher waits, once woken, for more commits before it takes a batch (and between batches that
     * were not full): fewer, larger transactions of the publisher at the cost of this much latency. 0: at once.
     * 2 ms by default (docs/benchmarks.md, issue 22 thirteenth pass).
     */
    @WithDefault("2ms")
    Duration gather();

    /**
     * Whether the publisher's transaction (which only moves its cursor) waits for its commit to reach the disk. Off,
     * the default, a crash of the database (not of the service: the database keeps what it acknowledged) may lose the
     * last cursor moves, and the events of those batches are published again (delivery is at least once either way).
     */
    @WithDefault("false")
    boolean cursorWaitsForDisk();

    /** Outbox rows published per database transaction. */
    @WithDefault("200")
    int batchSize();

    /**
     * Messages the in-memory sink of the default setup (no Kafka) keeps for in-process readers before it is emptied.
     * 0, the default: the service has no such reader (durable consumers use Kafka or the feed), so nothing is sent
     * to the sink at all and the publisher only moves its cursor and tells the service's own observers.
     */
    @WithDefault("0")
    int inMemoryRetention();

    /** Start the publisher with the service; off only to operate on the outbox by hand. */
    @WithDefault("true")
    boolean publisherEnabled();
}
