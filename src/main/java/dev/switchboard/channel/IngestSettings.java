package dev.switchboard.channel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How the core path writes inbound contacts (docs/operations.md). */
@ConfigMapping(prefix = "switchboard.ingest")
public interface IngestSettings {

    /**
     * Most contacts written together in one statement and one commit when they arrive while another write is in
     * flight: 2 to 64; 1 writes every contact alone.
     */
    @WithDefault("64")
    @Min(1)
    @Max(64)
    int batchMax();

    /**
     * Batches written at the same time at most. One at a time while they move; another starts beside them when
     * those in flight have all been out for 200 ms (waiting for a row lock: a customer held by a long transaction),
     * so that a stuck batch does not hold up every other contact, and closes once batches move. A deadlock between
     * two batches fails one contact's block, which is then written alone.
     */
    @WithDefault("4")
    @Min(1)
    @Max(16)
    int batchesInFlight();
}
