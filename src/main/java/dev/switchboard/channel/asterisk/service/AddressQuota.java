package dev.switchboard.channel.asterisk.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} uses per client address in each period (a fixed window: every count starts again
 * when the period ends, so the map never outgrows one period's addresses).
 */
final class AddressQuota {

    private final int limit;
    private final Duration period;
    private final Map<String, AtomicInteger> used = new ConcurrentHashMap<>();
    private volatile Instant since;

    AddressQuota(int limit, Duration period, Instant now) {
        this.limit = limit;
        this.period = period;
        this.since = now;
    }

    /** Counts one use; false when the address has used its quota in this period. */
    boolean take(String address, Instant now) {
        if (!now.isBefore(since.plus(period))) {
            synchronized (this) {
                if (!now.isBefore(since.plus(period))) {
                    used.clear();
                    since = now;
                }
            }
        }
        return used.computeIfAbsent(address == null ? "?" : address, a -> new AtomicInteger()).incrementAndGet() <= limit;
    }
}
