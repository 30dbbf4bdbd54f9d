package dev.switchboard.organisation.scope;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation (or every operation of a resource) that reads or acts on one record named by a path or query
 * parameter: {@link ScopeFilter} answers 404 before the operation runs when the caller's {@link DataScope} does
 * not cover the record, exactly as for a record that does not exist.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Scoped {

    /** The kind of record the parameter names. */
    ScopedRecord value();

    /** The path parameter holding its id. */
    String param() default "id";

    /** A query parameter holding its id instead (absent: nothing to check). */
    String query() default "";
}
