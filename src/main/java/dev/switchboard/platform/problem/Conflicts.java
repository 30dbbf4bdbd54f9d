package dev.switchboard.platform.problem;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import org.hibernate.JDBCException;

/** Recognises database errors that mean "this already exists". */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return sqlState(failure, "23505");
    }

    /** True when the failure, or one of its causes, is a PostgreSQL error about the named constraint. */
    public static boolean constraint(Throwable failure, String name) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && name.equals(pg.getConstraint())
                    || t instanceof org.hibernate.exception.ConstraintViolationException c && name.equals(c.getConstraintName())
                    || t.getMessage() != null && t.getMessage().contains("\"" + name + "\"")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** True when the failure, or one of its causes, is a PostgreSQL error with this SQLSTATE. */
    public static boolean sqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())
                    || t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
            // Hibernate Reactive reports failed statements as Hibernate exceptions that carry the state
            // themselves, without the driver's PgException among their causes.
            if (t instanceof JDBCException jdbc && state.equals(jdbc.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
