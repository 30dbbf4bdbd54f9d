package dev.switchboard.interaction;

/** The life of an interaction: NEW, QUEUED, OFFERED, ACTIVE, WRAP_UP, CLOSED, or ABANDONED or FAILED. */
public enum InteractionState {
    NEW, QUEUED, OFFERED, ACTIVE, WRAP_UP, CLOSED, ABANDONED, FAILED;

    public boolean isOpen() {
        return this != CLOSED && this != ABANDONED && this != FAILED;
    }
}
