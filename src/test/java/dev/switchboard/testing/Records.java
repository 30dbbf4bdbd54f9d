package dev.switchboard.testing;

import dev.switchboard.audit.AuditEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Supplier;

/** Reads and writes stored records directly, for what the API under test does not show or cannot yet create. */
public final class Records {

    private Records() {
    }

    /** Runs the work in a transaction on a Vert.x context and waits for its result. */
    public static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The audit entries about one target, e.g. "agent:17", oldest first. */
    public static List<AuditEntry> audit(String target) {
        return inTransaction(() -> AuditEntry.<AuditEntry>list("target", Sort.by("id"), target));
    }

    /** The audit actions about one target, oldest first. */
    public static List<String> auditActions(String target) {
        return audit(target).stream().map(e -> e.action).toList();
    }
}
