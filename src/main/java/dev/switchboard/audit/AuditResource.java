package dev.switchboard.audit;

import dev.switchboard.auth.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import dev.switchboard.platform.PageView;

/** The audit log, newest first (admins only). */
@Path("/api/audit")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Audit")
public class AuditResource {

    /** One audit entry. */
    public record AuditView(long id, OffsetDateTime at, String actor, String action, String target,
                            Map<String, Object> detail) {
        static AuditView of(AuditEntry e) {
            return new AuditView(e.id, e.at, e.actor, e.action, e.target, e.detail);
        }
    }

    @GET
    @WithSession
    @Operation(summary = "Read the audit log", description = "Filter by target (e.g. customer:42), actor or action;"
            + " newest first, a page of `size` (or `limit`, its older name) at a time.")
    public Uni<List<AuditView>> list(@RestQuery String target, @RestQuery String actor, @RestQuery String action,
                                     @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                                     @RestQuery @Min(1) @Max(1000) Integer size,
                                     @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (target != null) {
            where.add("target = :target");
            params.and("target", target);
        }
        if (actor != null) {
            where.add("actor = :actor");
            params.and("actor", actor);
        }
        if (action != null) {
            where.add("action = :action");
            params.and("action", action);
        }
        Sort newestFirst = Sort.descending("id");
        var query = where.isEmpty() ? AuditEntry.<AuditEntry>findAll(newestFirst)
                : AuditEntry.<AuditEntry>find(String.join(" and ", where), newestFirst, params);
        return query.page(Page.of(page, size != null ? size : limit)).list()
                .map(l -> l.stream().map(AuditView::of).toList());
    }
}
