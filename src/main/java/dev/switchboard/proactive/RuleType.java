package dev.switchboard.proactive;

/** A rule of an event's impact assessment. */
public enum RuleType {
    /** Holders of the listed security codes, each with its expected price move. */
    HOLDERS,
    /** Customers whose holdings of an asset type are above a share of their portfolio, with the type's expected move. */
    ASSET_SHARE
}
