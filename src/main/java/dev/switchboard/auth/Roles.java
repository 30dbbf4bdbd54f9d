package dev.switchboard.auth;

import java.util.Set;

/** The roles a user can hold; each role's rights are listed in docs/api.md. */
public final class Roles {
    public static final String AGENT = "agent";
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";
    /** A service account of the firm's data centre: imports indicators and holdings, nothing else. */
    public static final String DATA_CENTRE = "datacentre";
    public static final Set<String> ALL = Set.of(AGENT, SUPERVISOR, ADMIN, DATA_CENTRE);

    private Roles() {
    }
}
