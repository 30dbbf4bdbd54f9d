package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.CallbackDecorator;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.infrastructure.MultiInterceptor;
import io.smallrye.mutiny.infrastructure.UniInterceptor;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Stream;
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

    /**
     * MutinyContexts clears every interceptor and decorator Mutiny loaded, which is right only while Context
     * Propagation's is the only one: a dependency that brings another (tracing, say) must be looked at first.
     */
    @Test
    void contextPropagationIsTheOnlyInterceptorMutinyLoads() {
        List<String> installed = Stream.of(CallbackDecorator.class, UniInterceptor.class, MultiInterceptor.class)
                .flatMap(type -> ServiceLoader.load(type).stream())
                .map(provider -> provider.type().getName()).distinct().toList();
        assertThat(installed).containsExactly("io.smallrye.mutiny.context.DefaultContextPropagationInterceptor");
    }
}
