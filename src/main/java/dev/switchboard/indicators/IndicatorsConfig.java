package dev.switchboard.indicators;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The data centre's indicator imports ({@code switchboard.indicators.*}, docs/organisation.md). */
@ConfigMapping(prefix = "switchboard.indicators")
public interface IndicatorsConfig {

    /** How many row errors an import lists (the first by line number); all are counted. */
    @WithDefault("100")
    int maxErrorsListed();

    /** Longest line taken, in bytes; a longer line is a row error and is skipped. */
    @WithDefault("16384")
    int maxLineBytes();

    /**
     * Largest file taken, through the API or the drop folder; a larger one fails the import with 413. The API's
     * bodies bypass {@code switchboard.http.max-body-size}; keep {@code quarkus.http.limits.max-body-size} above this.
     */
    @WithDefault("4G")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxFileSize();

    /** Rows are sent to the database in COPY statements of about this size, each its own short transaction. */
    @WithDefault("4M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize copyChunk();

    /**
     * Customers per merge transaction, about: a file is cut into slices by ranges of customer numbers (so that all
     * the rows of one customer are in one slice), as many as its size (Content-Length, or the dropped file's size)
     * calls for at typical sizes per customer; {@link #defaultSlices()} when the size is not known. Each slice is one
     * set-based statement per table and commits on its own, so that row locks are held briefly and the touchpoint
     * stream is not held back for the whole import.
     */
    @WithDefault("50000")
    int sliceCustomers();

    /** Slices of a file whose size is not known in advance (a body sent in chunks). */
    @WithDefault("16")
    int defaultSlices();

    /**
     * Connections an import merges on at once (the first is its staging connection). Each slice is one transaction
     * on one of them; two use both cores of a small machine. At most {@code quarkus.datasource.jdbc.max-size}
     * divided by {@link #maxConcurrent()}.
     */
    @WithDefault("2")
    int mergeConnections();

    /** PostgreSQL's work_mem for the merges (hash joins and sorts of a slice). */
    @WithDefault("64MB")
    String workMem();

    /** How often a running import stores its progress, which is also its heartbeat. */
    @WithDefault("PT1S")
    Duration progressInterval();

    /** How often a running import logs its progress. */
    @WithDefault("PT5S")
    Duration logInterval();

    /** A RUNNING import without a heartbeat for this long (its instance died) is taken over by a repeat of it. */
    @WithDefault("PT1M")
    Duration staleAfter();

    /** Imports one instance runs at once; further ones wait. At most {@code quarkus.datasource.jdbc.max-size}. */
    @WithDefault("2")
    int maxConcurrent();

    DropFolder dropFolder();

    /** The watched folder for nightly files. */
    interface DropFolder {

        /** The folder; unset, nothing is watched. Files done go to done/, refused ones to failed/ inside it. */
        Optional<Path> directory();

        /** How often the folder is looked at. */
        @WithDefault("PT10S")
        Duration pollInterval();

        /** A file is taken once its size and modification time have not changed for this long. */
        @WithDefault("PT5S")
        Duration stableFor();

        /** How long the folder's lease lasts without renewal; another instance takes the folder over after it. */
        @WithDefault("PT60S")
        Duration leaseDuration();
    }
}
