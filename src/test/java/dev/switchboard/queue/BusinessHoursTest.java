package dev.switchboard.queue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening hours as written on a queue. */
class BusinessHoursTest {

    // 2026-11-27 is a Friday; 2026-11-28 a Saturday.
    private final BusinessHours shanghai = BusinessHours.parse("Mon-Fri 09:00-18:00, Sat 09:00-12:00 Asia/Shanghai");

    @Test
    void openWithinTheSpansInTheQueuesTimeZone() {
        assertThat(shanghai.isOpen(Instant.parse("2026-11-27T01:00:00Z"))).isTrue();   // Fri 09:00 Shanghai
        assertThat(shanghai.isOpen(Instant.parse("2026-11-27T00:59:59Z"))).isFalse();  // Fri 08:59:59
        assertThat(shanghai.isOpen(Instant.parse("2026-11-27T10:00:00Z"))).isFalse();  // Fri 18:00, closed
        assertThat(shanghai.isOpen(Instant.parse("2026-11-28T03:30:00Z"))).isTrue();   // Sat 11:30
        assertThat(shanghai.isOpen(Instant.parse("2026-11-28T04:00:00Z"))).isFalse();  // Sat 12:00
        assertThat(shanghai.isOpen(Instant.parse("2026-11-29T03:00:00Z"))).isFalse();  // Sun
    }

    @Test
    void blankOrRoundTheClockIsAlwaysOpenAndDayRangesMayWrapTheWeek() {
        assertThat(BusinessHours.parse(null).isOpen(Instant.parse("2026-11-29T03:00:00Z"))).isTrue();
        assertThat(BusinessHours.parse("24/7").isOpen(Instant.parse("2026-11-29T03:00:00Z"))).isTrue();
        BusinessHours weekend = BusinessHours.parse("Sat-Sun 00:00-24:00");
        assertThat(weekend.isOpen(Instant.parse("2026-11-29T23:59:00Z"))).isTrue();
        assertThat(weekend.isOpen(Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
        assertThat(BusinessHours.parse("Fri-Mon 08:00-20:00 UTC").isOpen(Instant.parse("2026-11-30T12:00:00Z"))).isTrue();
    }

    @Test
    void unreadableHoursSayWhatIsWrong() {
        assertThatThrownBy(() -> BusinessHours.parse("Mon-Fri 9-18")).hasMessageContaining("'9' is not a time");
        assertThatThrownBy(() -> BusinessHours.parse("Mon-Fri 09:00-18:00 Mars/Base")).hasMessageContaining("time zone");
        assertThatThrownBy(() -> BusinessHours.parse("Weekdays 09:00-18:00")).hasMessageContaining("unknown day");
        assertThatThrownBy(() -> BusinessHours.parse("Mon 18:00-09:00")).hasMessageContaining("must end after");
    }

    @Test
    void openPeriodsBetweenTwoInstantsFollowTheSpansAndJoinAtMidnight() {
        // Fri 2026-11-27 10:00 Shanghai to Mon 2026-11-30 10:00 Shanghai.
        var open = shanghai.openBetween(Instant.parse("2026-11-27T02:00:00Z"), Instant.parse("2026-11-30T02:00:00Z"));
        assertThat(open).containsExactly(
                new BusinessHours.Period(Instant.parse("2026-11-27T02:00:00Z"), Instant.parse("2026-11-27T10:00:00Z")),
                new BusinessHours.Period(Instant.parse("2026-11-28T01:00:00Z"), Instant.parse("2026-11-28T04:00:00Z")),
                new BusinessHours.Period(Instant.parse("2026-11-30T01:00:00Z"), Instant.parse("2026-11-30T02:00:00Z")));
        var weekend = BusinessHours.parse("Sat-Sun 00:00-24:00")
                .openBetween(Instant.parse("2026-11-27T12:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(weekend).containsExactly(new BusinessHours.Period(Instant.parse("2026-11-28T00:00:00Z"),
                Instant.parse("2026-11-30T00:00:00Z")));
        assertThat(BusinessHours.ALWAYS.openBetween(Instant.parse("2026-11-29T03:00:00Z"),
                Instant.parse("2026-11-29T04:00:00Z"))).hasSize(1);
        assertThat(shanghai.openBetween(Instant.parse("2026-11-29T03:00:00Z"), Instant.parse("2026-11-29T04:00:00Z")))
                .isEmpty();
    }
}
