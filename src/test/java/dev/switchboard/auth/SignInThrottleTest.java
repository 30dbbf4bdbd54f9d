package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.service.SignInThrottle;
import dev.switchboard.auth.service.SignInThrottle.Scope;
import dev.switchboard.auth.service.SignInThrottle.Throttled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock of its own. */
class SignInThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final SignInThrottle throttle = newThrottle();

    @Test
    void delaysStartAfterTheFreeFailuresAndDoubleUpToTheCap() {
        Instant now = T0;
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.admit("lin", "10.0.0.1", now).delaysStarted()).isEmpty();
        }
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Duration d = throttle.admit("lin", "10.0.0.1", now).delaysStarted().get(0).duration();
            delays.add(d);
            Instant locked = now;
            assertThatThrownBy(() -> throttle.admit("lin", "10.0.0.1", locked.plus(d).minusMillis(1)))
                    .isInstanceOf(Throttled.class);
            now = now.plus(d);
        }
        assertThat(delays.subList(0, 5)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
        assertThat(delays.get(11)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRefusedAttemptDoesNotLengthenTheWait() {
        for (int i = 0; i < 6; i++) {
            throttle.admit("wang", "10.0.0.2", T0);
        }
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> throttle.admit("wang", "10.0.0.2", T0.plusMillis(500)))
                    .isInstanceOf(Throttled.class);
        }
        assertThat(throttle.admit("wang", "10.0.0.2", T0.plusSeconds(1)).delaysStarted())
                .extracting(SignInThrottle.Delay::duration).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void anAttackerElsewhereKeepsTheRealUserOutOnlyBriefly() {
        // 40 addresses guessing 5 times each, never reaching their own limit, lock the username for all.
        Instant now = T0;
        Duration longest = Duration.ZERO;
        for (int a = 0; a < 40; a++) {
            for (int i = 0; i < 5; i++) {
                try {
                    for (SignInThrottle.Delay d : throttle.admit("zhao", "10.1.0." + a, now).delaysStarted()) {
                        assertThat(d.scope()).isEqualTo(Scope.USER);
                        longest = longest.compareTo(d.duration()) < 0 ? d.duration() : longest;
                    }
                } catch (Throttled e) {
                    now = now.plus(e.delay().duration());
                }
            }
        }
        assertThat(longest).isEqualTo(Duration.ofSeconds(30));
        // The real user, from its own address, is in after one short wait at most.
        Instant in = now;
        while (true) {
            try {
                throttle.admit("zhao", "192.168.7.7", in).succeeded();
                break;
            } catch (Throttled e) {
                in = in.plus(e.delay().duration());
            }
        }
        assertThat(Duration.between(now, in)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.admit("zhao", "192.168.7.7", in).delaysStarted()).isEmpty();
    }

    @Test
    void sprayingManyUsernamesFromOneAddressIsSlowedDown() {
        for (int i = 0; i < 20; i++) {
            throttle.admit("user" + i, "10.0.0.3", T0);
        }
        assertThat(throttle.admit("user20", "10.0.0.3", T0).delaysStarted())
                .extracting(SignInThrottle.Delay::scope).containsExactly(Scope.ADDRESS);
        assertThatThrownBy(() -> throttle.admit("someone-real", "10.0.0.3", T0.plusMillis(10)))
                .isInstanceOf(Throttled.class)
                .satisfies(e -> assertThat(((Throttled) e).delay().scope()).isEqualTo(Scope.ADDRESS));
        assertThat(throttle.admit("someone-real", "10.0.0.4", T0.plusMillis(10)).delaysStarted()).isEmpty();
    }

    @Test
    void successfulSignInsDoNotCountAgainstTheirAddress() {
        for (int i = 0; i < 100; i++) {
            throttle.admit("user" + i % 3, "10.0.0.5", T0).succeeded();
        }
        assertThat(throttle.admit("user0", "10.0.0.5", T0).delaysStarted()).isEmpty();
    }

    @Test
    void guessesSentInParallelAreCountedBeforeTheirPasswordIsChecked() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                guesses.add(() -> {
                    try {
                        throttle.admit("qian", "10.0.0.6", T0);
                        return true;
                    } catch (Throttled e) {
                        return false;
                    }
                });
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(guesses)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCountIsForgottenAfterAQuietPeriod() {
        for (int i = 0; i < 6; i++) {
            throttle.admit("sun", "10.0.0.7", T0);
        }
        assertThat(throttle.admit("sun", "10.0.0.7", T0.plus(Duration.ofMinutes(16))).delaysStarted()).isEmpty();
    }

    static SignInThrottle newThrottle() {
        return new SignInThrottle(new SignInThrottleConfig() {
            public boolean enabled() {
                return true;
            }

            public int userAddressFailures() {
                return 5;
            }

            public Duration userAddressMaxDelay() {
                return Duration.ofMinutes(5);
            }

            public int addressFailures() {
                return 20;
            }

            public Duration addressMaxDelay() {
                return Duration.ofMinutes(5);
            }

            public int userFailures() {
                return 30;
            }

            public Duration userMaxDelay() {
                return Duration.ofSeconds(30);
            }

            public Duration firstDelay() {
                return Duration.ofSeconds(1);
            }

            public Duration forgetAfter() {
                return Duration.ofMinutes(15);
            }

            public int maxTracked() {
                return 1000;
            }
        });
    }
}
