package dev.switchboard.auth.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.auth.SignInThrottleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts sign-in attempts per (username, address), per address and per username, and refuses them
 * while a count is locked. An attempt is counted before its password is checked, so that guesses sent
 * in parallel count too; a successful one takes its count back. The counts live in bounded Caffeine
 * caches: a SmallRye Fault Tolerance rate limit guards a method as a whole, not per key, and an
 * attacker who sprays usernames must not grow the memory without bound.
 */
@ApplicationScoped
public class SignInThrottle {

    /** Which count a delay comes from. */
    public enum Scope {
        USER_AT_ADDRESS, ADDRESS, USER
    }

    /** A delay imposed by one count. */
    public record Delay(Scope scope, Duration duration) {
    }

    /** One admitted attempt; tell it how the password check went. */
    public interface Attempt {
        /** The delays this attempt started (empty while the free failures last). */
        List<Delay> delaysStarted();

        /** The password was right: the attempt is taken back and the user's counts start again. */
        void succeeded();
    }

    /** Thrown for an attempt made while a count is locked. */
    public static final class Throttled extends RuntimeException {
        private final Delay delay;

        Throttled(Delay delay) {
            super("Too many failed sign-ins; try again in " + seconds(delay.duration()) + " s", null, false, false);
            this.delay = delay;
        }

        public Delay delay() {
            return delay;
        }

        /** Whole seconds to wait, rounded up, as Retry-After wants them. */
        public long retryAfterSeconds() {
            return seconds(delay.duration());
        }
    }

    private final SignInThrottleConfig config;
    private final Cache<String, Counter> userAtAddress;
    private final Cache<String, Counter> addresses;
    private final Cache<String, Counter> users;

    public SignInThrottle(SignInThrottleConfig config) {
        this.config = config;
        this.userAtAddress = cache(config);
        this.addresses = cache(config);
        this.users = cache(config);
    }

    /** Admits an attempt (and counts it) or throws {@link Throttled} with the longest wait that applies. */
    public Attempt admit(String username, String address, Instant now) {
        if (!config.enabled()) {
            return NOTHING;
        }
        Counter[] counters = {
            userAtAddress.get(address + '\n' + username, k -> new Counter(Scope.USER_AT_ADDRESS,
                    config.userAddressFailures(), config.userAddressMaxDelay())),
            addresses.get(address, k -> new Counter(Scope.ADDRESS, config.addressFailures(), config.addressMaxDelay())),
            users.get(username, k -> new Counter(Scope.USER, config.userFailures(), config.userMaxDelay()))
        };
        Delay longest = null;
        for (Counter c : counters) {
            Duration wait = c.waitAt(now);
            if (wait != null && (longest == null || wait.compareTo(longest.duration()) > 0)) {
                longest = new Delay(c.scope, wait);
            }
        }
        if (longest != null) {
            throw new Throttled(longest);
        }
        List<Delay> started = new ArrayList<>();
        boolean[] locked = new boolean[counters.length];
        for (int i = 0; i < counters.length; i++) {
            // Check and count in one step per key, so that parallel guesses cannot all slip past a lock.
            Counter.Outcome o = counters[i].admit(now, config.firstDelay(), config.forgetAfter());
            if (o.refusedFor() != null) {
                for (int j = 0; j < i; j++) {
                    counters[j].undo(locked[j]);
                }
                throw new Throttled(new Delay(counters[i].scope, o.refusedFor()));
            }
            if (o.started() != null) {
                locked[i] = true;
                started.add(new Delay(counters[i].scope, o.started()));
            }
        }
        return new Attempt() {
            @Override
            public List<Delay> delaysStarted() {
                return started;
            }

            @Override
            public void succeeded() {
                counters[0].reset();
                // The address keeps its other failures: signing in to one's own account must not wipe a spray.
                counters[1].undo(locked[1]);
                counters[2].reset();
            }
        };
    }

    private static final Attempt NOTHING = new Attempt() {
        @Override
        public List<Delay> delaysStarted() {
            return List.of();
        }

        @Override
        public void succeeded() {
        }
    };

    private static Cache<String, Counter> cache(SignInThrottleConfig config) {
        return Caffeine.newBuilder().maximumSize(config.maxTracked())
                .expireAfterAccess(config.forgetAfter().plus(config.userAddressMaxDelay().plus(config.addressMaxDelay())))
                .build();
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** Attempts of one key and the time until which it is locked. */
    static final class Counter {
        private final Scope scope;
        private final int free;
        private final Duration max;
        private int count;
        private Instant last = Instant.MIN;
        private Instant lockedUntil = Instant.MIN;

        Counter(Scope scope, int free, Duration max) {
            this.scope = scope;
            this.free = free;
            this.max = max;
        }

        synchronized Duration waitAt(Instant now) {
            return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : null;
        }

        /** What {@link #admit} did: refused with a wait, or counted (and maybe started a delay). */
        record Outcome(Duration refusedFor, Duration started) {
        }

        /** Refuses while locked; otherwise counts the attempt and starts a delay beyond the free failures. */
        synchronized Outcome admit(Instant now, Duration first, Duration forgetAfter) {
            if (now.isBefore(lockedUntil)) {
                return new Outcome(Duration.between(now, lockedUntil), null);
            }
            if (last.plus(forgetAfter).isBefore(now)) {
                count = 0;
            }
            last = now;
            count++;
            if (count <= free) {
                return new Outcome(null, null);
            }
            // Doubles per failure beyond the free ones; the shift is bounded so that it cannot overflow.
            Duration delay = first.multipliedBy(1L << Math.min(count - free - 1, 30));
            if (delay.compareTo(max) > 0) {
                delay = max;
            }
            lockedUntil = now.plus(delay);
            return new Outcome(null, delay);
        }

        synchronized void undo(boolean lockedByIt) {
            count = Math.max(0, count - 1);
            if (lockedByIt) {
                lockedUntil = Instant.MIN;
            }
        }

        synchronized void reset() {
            count = 0;
            lockedUntil = Instant.MIN;
        }
    }
}
