package dev.switchboard.organisation;

/** An agent's role in its advisor team. */
public enum TeamRole {
    SENIOR_ADVISOR, ADVISOR, ASSISTANT_ADVISOR
}
