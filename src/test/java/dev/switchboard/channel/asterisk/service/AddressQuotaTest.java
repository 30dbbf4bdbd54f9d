package dev.switchboard.channel.asterisk.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-address quota of call-back bookings. */
class AddressQuotaTest {

    @Test
    void anAddressGetsItsQuotaPerPeriodAndOthersTheirOwn() {
        Instant t0 = Instant.parse("2026-12-03T08:00:00Z");
        AddressQuota quota = new AddressQuota(2, Duration.ofHours(1), t0);
        assertThat(quota.take("10.0.0.1", t0)).isTrue();
        assertThat(quota.take("10.0.0.1", t0.plusSeconds(60))).isTrue();
        assertThat(quota.take("10.0.0.1", t0.plusSeconds(120))).isFalse();
        assertThat(quota.take("10.0.0.2", t0.plusSeconds(120))).isTrue();
        assertThat(quota.take("10.0.0.1", t0.plus(Duration.ofHours(1)))).isTrue();
    }
}
