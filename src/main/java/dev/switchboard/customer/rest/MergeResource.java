package dev.switchboard.customer.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.customer.rest.CustomerApi.MergeView;
import dev.switchboard.customer.service.MergeService;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Customer merges: look one up, undo it. */
@Path("/api/merges")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Customers")
public class MergeResource {

    private final MergeService merges;
    private final SecurityIdentity identity;

    MergeResource(MergeService merges, SecurityIdentity identity) {
        this.merges = merges;
        this.identity = identity;
    }

    @GET
    @Path("/{id}")
    @Scoped(ScopedRecord.MERGE)
    public Uni<MergeView> get(@RestPath long id) {
        return merges.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Merge", id)).map(MergeView::of);
    }

    @POST
    @Path("/{id}/undo")
    @Scoped(ScopedRecord.MERGE)
    public Uni<MergeView> undo(@RestPath long id) {
        return merges.undo(id, identity.getPrincipal().getName()).map(MergeView::of);
    }
}
