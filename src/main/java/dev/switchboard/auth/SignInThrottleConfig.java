package dev.switchboard.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How failed sign-ins are slowed down (docs/operations.md). Three counts, each with a number of free
 * failures and then a delay that doubles with every further failure up to its cap: per username and
 * source address (the one an attacker meets first, and that does not touch the real user elsewhere),
 * per source address across usernames (password spraying), and per username across addresses (a
 * distributed guesser), the last one with a short cap so that nobody can keep a real user out for long.
 */
@ConfigMapping(prefix = "switchboard.auth.throttle")
public interface SignInThrottleConfig {

    /** Throttle failed sign-ins at all. */
    @WithDefault("true")
    boolean enabled();

    /** Failures of one username from one address before delays start. */
    @WithDefault("5")
    int userAddressFailures();

    /** The longest delay for one username from one address. */
    @WithDefault("PT5M")
    Duration userAddressMaxDelay();

    /** Failures from one address (any usernames) before delays start. */
    @WithDefault("20")
    int addressFailures();

    /** The longest delay for one address. */
    @WithDefault("PT5M")
    Duration addressMaxDelay();

    /** Failures of one username (from any addresses) before delays start. */
    @WithDefault("30")
    int userFailures();

    /** The longest delay for one username from anywhere: short, since an attacker can cause it. */
    @WithDefault("PT30S")
    Duration userMaxDelay();

    /** The first delay; each further failure doubles it. */
    @WithDefault("PT1S")
    Duration firstDelay();

    /** A count with no failure for this long starts again from zero. */
    @WithDefault("PT15M")
    Duration forgetAfter();

    /** How many counts of each kind are kept in memory at most (the least used are dropped first). */
    @WithDefault("100000")
    int maxTracked();
}
