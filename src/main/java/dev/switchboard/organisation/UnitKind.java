package dev.switchboard.organisation;

/** The levels of the firm's tree, from the top; a unit sits below a unit of a higher level (levels may be skipped). */
public enum UnitKind {
    HEAD_OFFICE, REGION, BRANCH, DEPARTMENT, TEAM;

    /** Whether a unit of this kind may sit directly below one of {@code parent}. */
    public boolean mayBeBelow(UnitKind parent) {
        return this != HEAD_OFFICE && parent.ordinal() < ordinal();
    }
}
