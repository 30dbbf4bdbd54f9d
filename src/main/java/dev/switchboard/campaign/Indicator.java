package dev.switchboard.campaign;

/** A customer figure the data centre imports (docs/organisation.md), by its column on the customer. */
public enum Indicator {
    ASSETS("assets"), NET_INFLOW("net_inflow"), TURNOVER("turnover"), COMMISSION("commission"),
    PROFIT_LOSS("profit_loss");

    private final String column;

    Indicator(String column) {
        this.column = column;
    }

    /** The customer's column: a fixed name, safe to splice into SQL. */
    public String column() {
        return column;
    }
}
