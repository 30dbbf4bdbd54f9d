package dev.switchboard.channel.fax.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** Blocking or CPU-bound fax work (file I/O, conversion) off the event loop. */
public final class Workers {

    private Workers() {
    }

    /**
     * Runs the work on a worker thread and comes back to the caller's Vert.x context (when it has one), so the
     * reactive database calls after it run where they must.
     */
    public static <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Uni<T> uni = Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return context == null ? uni : uni.emitOn(command -> context.runOnContext(x -> command.run()));
        });
    }

    /** Emits the item of {@code uni} (completed by a foreign thread, e.g. the AMI reader) on the caller's Vert.x context. */
    public static <T> Uni<T> backOnContext(Uni<T> uni) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? uni : uni.emitOn(command -> context.runOnContext(x -> command.run()));
        });
    }
}
