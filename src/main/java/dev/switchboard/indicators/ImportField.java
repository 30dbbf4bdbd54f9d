package dev.switchboard.indicators;

import java.util.Locale;

/** A field of an import row: its name in files (JSON key or CSV header) and what its value must be. */
public enum ImportField {
    CUSTOMER_NO("customerNo", Type.CUSTOMER_NO),
    ASSETS("assets", Type.AMOUNT),
    NET_INFLOW("netInflow", Type.SIGNED_AMOUNT),
    TURNOVER("turnover", Type.AMOUNT),
    COMMISSION("commission", Type.AMOUNT),
    PROFIT_LOSS("profitLoss", Type.SIGNED_AMOUNT),
    SECURITY_CODE("securityCode", Type.SECURITY_CODE),
    ASSET_TYPE("assetType", Type.ASSET_TYPE),
    QUANTITY("quantity", Type.QUANTITY),
    MARKET_VALUE("marketValue", Type.AMOUNT);

    /** The kinds of value, each with its rule (see {@code RowEncoder}). */
    public enum Type { CUSTOMER_NO, AMOUNT, SIGNED_AMOUNT, QUANTITY, SECURITY_CODE, ASSET_TYPE }

    private final String key;
    private final Type type;

    ImportField(String key, Type type) {
        this.key = key;
        this.type = type;
    }

    /** The name in files and in error reports, e.g. {@code netInflow}. */
    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /**
     * A name as files may write it, compared without case, '_', '-' and spaces: {@code netInflow},
     * {@code net_inflow} and {@code NET-INFLOW} are one name.
     */
    public static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
