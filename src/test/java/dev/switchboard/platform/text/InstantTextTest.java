package dev.switchboard.platform.text;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InstantTextTest {

    @Test
    void writesWhatInstantToStringWrites() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-06T08:30:00Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("2026-12-06T08:30:00.120Z"),
                Instant.parse("2026-12-06T08:30:00.000120Z"), Instant.parse("2026-12-06T08:30:00.000000120Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(-62_167_219_201L),
                Instant.ofEpochSecond(253_402_300_800L), Instant.MIN, Instant.MAX));
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nano));
        }
        // Now, as routing writes it: the clock's own precision.
        instants.add(Instant.now());
        for (Instant instant : instants) {
            assertThat(InstantText.of(instant)).as("epoch second %d, nano %d", instant.getEpochSecond(),
                    instant.getNano()).isEqualTo(instant.toString());
        }
    }

    @Test
    void leavesTheYearsWithASignToInstantToString() {
        char[] into = new char[InstantText.LENGTH];
        assertThat(InstantText.write(Instant.parse("9999-12-31T23:59:59.999999999Z"), into)).isEqualTo(30);
        assertThat(InstantText.write(Instant.ofEpochSecond(253_402_300_800L), into)).isEqualTo(-1);
        assertThat(InstantText.write(Instant.ofEpochSecond(-62_167_219_201L), into)).isEqualTo(-1);
    }
}
