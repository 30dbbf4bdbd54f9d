package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The percentile bounds the benchmarks print from a service's histogram buckets. */
class ServiceTimersTest {

    @Test
    void aPercentileFallsInTheFirstBucketWhoseCumulativeCountReachesItsRank() {
        Map<Double, Double> cumulative = new TreeMap<>(Map.of(0.001, 10.0, 0.004, 90.0, 0.032, 99.0, 0.064, 100.0,
                Double.POSITIVE_INFINITY, 100.0));
        assertThat(ServiceTimers.bound(cumulative, 50)).isEqualTo("≤ 4.0 ms");
        assertThat(ServiceTimers.bound(cumulative, 99)).isEqualTo("≤ 32.0 ms");
        assertThat(ServiceTimers.bound(cumulative, 99.5)).isEqualTo("≤ 64.0 ms");
        Map<Double, Double> beyond = new TreeMap<>(Map.of(0.001, 1.0, Double.POSITIVE_INFINITY, 4.0));
        assertThat(ServiceTimers.bound(beyond, 3.96)).isEqualTo("> the largest bucket");
    }
}
