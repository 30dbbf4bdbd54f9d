package dev.switchboard.routing;

import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.service.RoutingObserver;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A routing observer that fails on the events of the interactions a test names, and on no others. */
@ApplicationScoped
public class FailingObserver implements RoutingObserver {

    private static final Set<Long> FAIL_ON = ConcurrentHashMap.newKeySet();
    private static final Set<Long> FAILED = ConcurrentHashMap.newKeySet();

    static void failOn(long interactionId) {
        FAIL_ON.add(interactionId);
    }

    static boolean failed(long interactionId) {
        return FAILED.contains(interactionId);
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        for (RoutingEvent event : events) {
            Long id = event.interactionId();
            if (id != null && FAIL_ON.remove(id)) {
                FAILED.add(id);
                throw new IllegalStateException("observer failing on purpose for interaction " + id);
            }
        }
    }
}
