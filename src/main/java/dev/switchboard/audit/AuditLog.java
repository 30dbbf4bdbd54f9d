package dev.switchboard.audit;

import dev.switchboard.platform.text.NulCharacters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes audit entries inside the caller's transaction, so an action and its audit commit together; tells the
 * observers of {@link Audited} what changed (caches of the organisation drop what they kept).
 */
@ApplicationScoped
public class AuditLog {

    /** An administrative change: its action and target ("team:4", "org-unit:2"). */
    public record Audited(String action, String target) {
    }

    private final Event<Audited> audited;

    AuditLog(Event<Audited> audited) {
        this.audited = audited;
    }

    /** The widths of audit_log's columns: actor and action varchar(100), target varchar(200). */
    static final int ACTOR = 100;
    static final int ACTION = 100;
    static final int TARGET = 200;

    /**
     * Records an entry. What a client chose (a username typed at sign-in) may be longer than its column or hold a
     * NUL: it is cut to fit (the detail keeps the full length), never left to fail the caller's transaction, so an
     * attempt with an over-long username is refused and audited like any other.
     */
    public Uni<Void> record(String actor, String action, String target, Map<String, Object> detail) {
        AuditEntry entry = new AuditEntry();
        Map<String, Object> cut = new LinkedHashMap<>();
        entry.actor = fit("actor", actor, ACTOR, cut);
        entry.action = fit("action", action, ACTION, cut);
        entry.target = fit("target", target, TARGET, cut);
        if (!cut.isEmpty()) {
            Map<String, Object> withCut = detail == null ? new LinkedHashMap<>() : new LinkedHashMap<>(detail);
            withCut.put("truncated", cut);
            detail = withCut;
        }
        entry.detail = detail;
        audited.fire(new Audited(entry.action, entry.target));
        return entry.persist().replaceWithVoid();
    }

    private static String fit(String field, String value, int width, Map<String, Object> cut) {
        String clean = NulCharacters.replace(value);
        if (clean == null || clean.length() <= width) {
            return clean;
        }
        cut.put(field, clean.length());
        return clean.substring(0, width - 1) + "…";
    }
}
