package dev.switchboard.campaign;

/** The result of an agent's call to a call-list member; the first three reached the customer. */
public enum CallOutcome {
    INTERESTED, NOT_INTERESTED, CALL_BACK, NO_ANSWER, WRONG_NUMBER;

    public boolean reached() {
        return this == INTERESTED || this == NOT_INTERESTED || this == CALL_BACK;
    }
}
