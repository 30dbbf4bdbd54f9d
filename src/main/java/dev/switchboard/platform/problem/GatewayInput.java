package dev.switchboard.platform.problem;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource a gateway calls with what a customer sent (Kannel's callbacks, a fax upload): its parameters
 * are not refused for a NUL character, because the customer's message must not be lost; the channel replaces the
 * NUL and notes it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface GatewayInput {
}
