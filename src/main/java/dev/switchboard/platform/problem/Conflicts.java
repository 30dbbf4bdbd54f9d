package dev.switchboard.platform.problem;

import io.vertx.pgclient.PgException;

/** Recognises database errors that mean "this already exists". */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return sqlState(failure, "23505");
    }

    /** True when the failure, or one of its causes, is a PostgreSQL error with this SQLSTATE. */
    public static boolean sqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
