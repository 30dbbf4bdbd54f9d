package dev.switchboard.routing.endpoint;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps the agent socket's frames about one interaction in the order they came, while frames about
 * different interactions go on side by side: each piece of work starts once the one queued before
 * it on the same interaction has ended (done or failed). An interaction with nothing in flight has
 * no entry.
 */
@ApplicationScoped
class InteractionLanes {

    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** The work, started after what was queued before on the interaction; must be subscribed to. */
    <T> Uni<T> run(long interactionId, Supplier<Uni<T>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> before = tails.put(interactionId, done);
        Uni<Void> turn = before == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(before);
        return turn.chain(() -> work.get()).onTermination().invoke(() -> {
            tails.remove(interactionId, done);
            done.complete(null);
        });
    }

    /** Emits once the work queued on the interaction so far has ended (at once when there is none); queues nothing. */
    Uni<Void> idle(long interactionId) {
        CompletableFuture<Void> last = tails.get(interactionId);
        return last == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(last);
    }

    /** Interactions with work queued or running. */
    int size() {
        return tails.size();
    }
}
