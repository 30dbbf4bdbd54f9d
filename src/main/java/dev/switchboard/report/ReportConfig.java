package dev.switchboard.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import java.util.Optional;

/** Report settings: the zone days are counted in, the first-contact window and how summaries are kept up. */
@ConfigMapping(prefix = "switchboard.reports")
public interface ReportConfig {

    /** Zone whose local days and hours the summaries use (the system zone when unset); a change needs report_rebuild(). */
    Optional<String> zone();

    /** A closed contact is resolved at first contact when the customer does not come back on its channel within these days. */
    @WithDefault("7")
    int firstContactDays();

    /** How often changed records are folded into the summaries. */
    @WithDefault("0.25s")
    Duration foldInterval();

    /** Changed records folded per transaction. */
    @WithDefault("500")
    int foldBatch();

    /**
     * The share of one database core the folder takes at most while more marks wait than one batch holds: after
     * such a batch it pauses for (1 / share - 1) times as long as the batch took (0.5: as long again; 1: no pause).
     */
    @WithDefault("0.5")
    @DecimalMin("0.05")
    @DecimalMax("1")
    double foldShare();

    /** Longest range in days a supervisor or agent may ask for; administrators may ask for any. */
    @WithDefault("400")
    int maxDays();
}
