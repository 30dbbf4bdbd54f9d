package dev.switchboard.indicators;

import java.util.List;

/** What a file carries: one row per customer of indicators, or one row per customer and security of holdings. */
public enum ImportKind {
    INDICATORS(List.of(ImportField.CUSTOMER_NO, ImportField.ASSETS, ImportField.NET_INFLOW, ImportField.TURNOVER,
            ImportField.COMMISSION, ImportField.PROFIT_LOSS)),
    HOLDINGS(List.of(ImportField.CUSTOMER_NO, ImportField.SECURITY_CODE, ImportField.ASSET_TYPE, ImportField.QUANTITY,
            ImportField.MARKET_VALUE));

    private final List<ImportField> fields;

    ImportKind(List<ImportField> fields) {
        this.fields = fields;
    }

    /** The row's fields, all required, in the order the staging table has them; the customer number first. */
    public List<ImportField> fields() {
        return fields;
    }

    /** About how many rows one customer takes: a row of indicators, or some three positions. */
    public int typicalRowsPerCustomer() {
        return this == INDICATORS ? 1 : 3;
    }

    /**
     * About how many bytes one customer takes in a file of this format: a row of indicators, or some three positions
     * (to size the merge's slices from a file's size).
     */
    public int typicalCustomerBytes(ImportFormat format) {
        return switch (this) {
            case INDICATORS -> format == ImportFormat.CSV ? 60 : 140;
            case HOLDINGS -> format == ImportFormat.CSV ? 150 : 345;
        };
    }
}
