package dev.switchboard.routing.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts the way a gateway does (on {@link StartupEvent}, default priority) and notes whether routing
 * had been recovered by then.
 */
@ApplicationScoped
public class StartupOrderProbe {

    private volatile Boolean recoveredBeforeGateways;

    void onStart(@Observes StartupEvent event, RoutingRecovery recovery) {
        recoveredBeforeGateways = recovery.recovered();
    }

    public Boolean recoveredBeforeGateways() {
        return recoveredBeforeGateways;
    }
}
