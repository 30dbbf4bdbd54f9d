package dev.switchboard.audit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Writes audit entries inside the caller's transaction, so an action and its audit commit together. */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> record(String actor, String action, String target, Map<String, Object> detail) {
        AuditEntry entry = new AuditEntry();
        entry.actor = actor;
        entry.action = action;
        entry.target = target;
        entry.detail = detail;
        return entry.persist().replaceWithVoid();
    }
}
