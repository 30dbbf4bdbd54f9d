package dev.switchboard.agent;

/** An agent's (and its team's) level of service, lowest first; escalation moves work up this order. */
public enum ServiceTier {
    FIRST_LINE, SECOND_LINE, SENIOR
}
