package dev.switchboard.customer;

/** A customer's value tier, highest first. */
public enum Tier {
    DIAMOND, GOLD, STANDARD
}
