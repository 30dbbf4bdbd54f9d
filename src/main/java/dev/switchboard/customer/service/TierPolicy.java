package dev.switchboard.customer.service;

import dev.switchboard.customer.CustomerConfig;
import dev.switchboard.customer.Tier;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/** Computes a customer's tier from assets, turnover and commission with the configured thresholds. */
@ApplicationScoped
public class TierPolicy {

    private final CustomerConfig.Tiers tiers;

    TierPolicy(CustomerConfig config) {
        this.tiers = config.tiers();
    }

    public Tier tierFor(BigDecimal assets, BigDecimal turnover, BigDecimal commission) {
        if (reaches(tiers.diamond(), assets, turnover, commission)) {
            return Tier.DIAMOND;
        }
        if (reaches(tiers.gold(), assets, turnover, commission)) {
            return Tier.GOLD;
        }
        return Tier.STANDARD;
    }

    private static boolean reaches(CustomerConfig.Thresholds t, BigDecimal assets, BigDecimal turnover,
                                   BigDecimal commission) {
        return assets.compareTo(t.assets()) >= 0 || turnover.compareTo(t.turnover()) >= 0
                || commission.compareTo(t.commission()) >= 0;
    }
}
