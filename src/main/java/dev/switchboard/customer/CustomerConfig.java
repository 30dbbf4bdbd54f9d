package dev.switchboard.customer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Customer settings: phone number region and tier thresholds. */
@ConfigMapping(prefix = "switchboard.customers")
public interface CustomerConfig {

    /** ISO 3166 region for phone numbers written without a country code. */
    @WithDefault("CN")
    String defaultRegion();

    Tiers tiers();

    /** A customer reaches a tier when any one of its metrics reaches that tier's threshold. */
    interface Tiers {
        Thresholds diamond();

        Thresholds gold();
    }

    /** Thresholds of one tier, in the account currency. */
    interface Thresholds {
        /** Assets under custody. */
        BigDecimal assets();

        /** Trading turnover over the measuring period. */
        BigDecimal turnover();

        /** Commission contributed over the measuring period. */
        BigDecimal commission();
    }
}
