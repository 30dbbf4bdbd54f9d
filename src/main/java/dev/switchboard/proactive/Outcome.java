package dev.switchboard.proactive;

/** What came of a proactive task; the first three reached the customer. */
public enum Outcome {
    /** The customer was reached and advised. */
    ADVISED(true),
    /** Reached, advised, and the customer acted on it (an order, a transfer, a meeting booked). */
    ACTION_TAKEN(true),
    /** Reached; the customer did not want advice. */
    DECLINED(true),
    /** Nobody answered. */
    NO_ANSWER(false),
    /** A voicemail, SMS or email was left without a conversation. */
    LEFT_MESSAGE(false),
    /** The number or address was wrong. */
    WRONG_CONTACT(false);

    private final boolean reached;

    Outcome(boolean reached) {
        this.reached = reached;
    }

    public boolean reached() {
        return reached;
    }
}
