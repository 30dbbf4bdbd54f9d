package dev.switchboard.platform;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Takes SmallRye Context Propagation out of Mutiny unless {@code switchboard.mutiny-context-propagation} is on. With it,
 * every operator's callback is wrapped when the chain is built, and every call captures and restores the CDI, JTA and
 * REST contexts, whether the callback needs them or not: a third of the service's allocations on the routing path.
 * Mutiny can only clear all of its interceptors and callback decorators at once; Context Propagation's decorator is
 * the only one the service's dependencies install ({@code MutinyContextsTest} fails when another appears). Callbacks
 * built before start-up keep their wrapping; everything built after runs as written.
 */
@ApplicationScoped
public class MutinyContexts {

    private static final Logger LOG = Logger.getLogger(MutinyContexts.class);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, PlatformConfig config) {
        if (!config.mutinyContextPropagation()) {
            Infrastructure.clearInterceptors();
            LOG.debug("Mutiny callbacks run without context propagation");
        }
    }
}
