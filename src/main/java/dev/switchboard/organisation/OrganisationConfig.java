package dev.switchboard.organisation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** How customers are allocated to advisor teams ({@code switchboard.organisation.*}). */
@ConfigMapping(prefix = "switchboard.organisation")
public interface OrganisationConfig {

    /** The allocation policy: a customer's assets choose the service tier of the team that serves it. */
    Allocation allocation();

    interface Allocation {
        /** Customers with at least these assets go to a SENIOR team. */
        @WithDefault("5000000")
        BigDecimal seniorAssets();

        /** Customers with at least these assets (and less than senior) go to a SECOND_LINE team; others FIRST_LINE. */
        @WithDefault("500000")
        BigDecimal secondLineAssets();
    }
}
