package dev.switchboard.indicators;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's indicators as the data centre sent them: the latest figures (on the customer), their history by
 * date, and the holdings of one date (the current set, or an earlier one from the history) with their asset mix.
 */
public record CustomerIndicators(long customerId, String customerNo, String tier, LocalDate indicatorsAsOf,
                                 Figures latest, List<Figures> history, LocalDate holdingsAsOf,
                                 BigDecimal holdingsMarketValue, List<Holding> holdings, List<AssetShare> assetMix) {

    /** The five indicators as of a date. */
    public record Figures(LocalDate asOf, BigDecimal assets, BigDecimal netInflow, BigDecimal turnover,
                          BigDecimal commission, BigDecimal profitLoss) {
    }

    /** One position. */
    public record Holding(String securityCode, String assetType, BigDecimal quantity, BigDecimal marketValue) {
    }

    /** An asset type's market value and its share (0 to 1) of the holdings' whole market value. */
    public record AssetShare(String assetType, BigDecimal marketValue, BigDecimal share) {
    }
}
