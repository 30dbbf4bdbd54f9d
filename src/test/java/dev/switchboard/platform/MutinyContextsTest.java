package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The service runs its Mutiny callbacks as written, without SmallRye Context Propagation's wrapping. */
@QuarkusTest
class MutinyContextsTest {

    @Test
    void aCallbackIsNotWrappedToCarryThreadContexts() {
        Function<String, String> callback = String::trim;
        // With context propagation on, every callback comes back wrapped in a capturing one.
        assertThat(Infrastructure.decorate(callback)).isSameAs(callback);
    }
}
