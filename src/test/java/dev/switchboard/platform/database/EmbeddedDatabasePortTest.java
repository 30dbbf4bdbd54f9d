package dev.switchboard.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The embedded database never takes the service's HTTP port, which is bound only after the database is up. */
class EmbeddedDatabasePortTest {

    @Test
    void aFreePortThatIsTheHttpPortIsDrawnAgain() {
        Draws draws = new Draws(List.of(34853, 34853, 40001));
        assertThat(EmbeddedDatabase.portOtherThan(34853, draws)).isEqualTo(40001);
        assertThat(draws.taken()).isEqualTo(3);
    }

    @Test
    void anyOtherFreePortIsTakenAtOnce() {
        Draws draws = new Draws(List.of(40002, 34853));
        assertThat(EmbeddedDatabase.portOtherThan(34853, draws)).isEqualTo(40002);
        assertThat(draws.taken()).isEqualTo(1);
    }

    /** Ports as the kernel would hand them out, in this order. */
    private static final class Draws implements IntSupplier {
        private final List<Integer> ports;
        private final AtomicInteger next = new AtomicInteger();

        Draws(List<Integer> ports) {
            this.ports = ports;
        }

        @Override
        public int getAsInt() {
            return ports.get(next.getAndIncrement());
        }

        int taken() {
            return next.get();
        }
    }
}
