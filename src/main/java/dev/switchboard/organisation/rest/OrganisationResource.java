package dev.switchboard.organisation.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.OrgUnit;
import dev.switchboard.organisation.TeamRole;
import dev.switchboard.organisation.UnitKind;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.organisation.service.OrganisationService;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The firm's organisation: the tree of units (everyone signed in reads it, administrators write it), where
 * teams, users and customers sit in it, agents' roles in their teams, and which team serves a customer.
 */
@Path("/api/organisation")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Organisation", description = "Units, placement, team roles, customers' advisor teams; docs/organisation.md")
public class OrganisationResource {

    /** A unit as written: the head office has no parent; every other unit sits below a higher level. */
    public record UnitRequest(@NotBlank @Size(max = 200) String name, @NotNull UnitKind kind, Long parentId) {
    }

    public record UnitView(long id, Long parentId, String name, UnitKind kind, OffsetDateTime createdAt,
                           OffsetDateTime updatedAt) {
        static UnitView of(OrgUnit u) {
            return new UnitView(u.id, u.parentId, u.name, u.kind, u.createdAt, u.updatedAt);
        }
    }

    /** Where a record sits: a unit id, or null to take it out. */
    public record Placement(Long unitId) {
    }

    public record RoleRequest(TeamRole teamRole) {
    }

    /** A customer's advisor team (null: none) and why it changes. */
    public record Reallocation(Long teamId, @NotBlank @Size(max = 500) String reason) {
    }

    private final OrganisationService organisation;
    private final SecurityIdentity identity;

    OrganisationResource(OrganisationService organisation, SecurityIdentity identity) {
        this.organisation = organisation;
        this.identity = identity;
    }

    @GET
    @Path("/units")
    @Operation(summary = "The tree of units", description = "Every unit with its parent, the head office first, then"
            + " by parent and name.")
    public Uni<List<UnitView>> units() {
        return organisation.list().map(l -> l.stream().map(UnitView::of).toList());
    }

    @GET
    @Path("/units/{id}")
    @Operation(summary = "One unit")
    public Uni<UnitView> unit(@RestPath long id) {
        return organisation.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Org unit", id))
                .map(UnitView::of);
    }

    @POST
    @Path("/units")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a unit", description = "One HEAD_OFFICE (no parent); REGION, BRANCH, DEPARTMENT and"
            + " TEAM below a unit of a higher level. 409 for a second head office or a sibling of the same name.")
    public Uni<Response> create(@NotNull @Valid UnitRequest r) {
        return organisation.create(actor(), new OrganisationService.UnitInput(r.name(), r.kind(), r.parentId()))
                .map(u -> Response.status(201).entity(UnitView.of(u))
                        .header("Location", "/api/organisation/units/" + u.id).build());
    }

    @PUT
    @Path("/units/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename or move a unit", description = "Never below itself or one of its own units.")
    public Uni<UnitView> update(@RestPath long id, @NotNull @Valid UnitRequest r) {
        return organisation.update(actor(), id, new OrganisationService.UnitInput(r.name(), r.kind(), r.parentId()))
                .map(UnitView::of);
    }

    @DELETE
    @Path("/units/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a unit", description = "409 while units, teams, users or customers sit in it.")
    public Uni<Response> delete(@RestPath long id) {
        return organisation.delete(actor(), id).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/teams/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Place a team in a unit", description = "Its supervisors are those of the unit's branch of the tree.")
    public Uni<Response> placeTeam(@RestPath long id, @NotNull Placement p) {
        return organisation.place(actor(), "team", "unit_id", "Team", id, p.unitId()).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/users/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Place a user in a unit", description = "A supervisor oversees the subtree of its unit.")
    public Uni<Response> placeUser(@RestPath long id, @NotNull Placement p) {
        return organisation.place(actor(), "app_user", "unit_id", "User", id, p.unitId()).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/agents/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "An agent's role in its team", description = "SENIOR_ADVISOR, ADVISOR or ASSISTANT_ADVISOR;"
            + " null clears it.")
    public Uni<Response> teamRole(@RestPath long id, @NotNull RoleRequest r) {
        return organisation.teamRole(actor(), id, r.teamRole()).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/customers/{id}/branch")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A customer's branch", description = "Allocation gives it a team of that branch's subtree.")
    public Uni<Response> branch(@RestPath long id, @NotNull Placement p) {
        return organisation.place(actor(), "customer", "branch_id", "Customer", id, p.unitId())
                .replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/customers/{id}/advisor-team")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Re-allocate a customer to another advisor team", description = "Audited"
            + " (customer-reallocated) with the reason.")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<Response> reallocate(@RestPath long id, @NotNull @Valid Reallocation r) {
        return organisation.reallocate(actor(), id, r.teamId(), r.reason()).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/allocation")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Allocate customers without an advisor team", description = "By the policy"
            + " (switchboard.organisation.allocation.*): the service tier the assets call for, in the customer's"
            + " branch, the least loaded teams first. Provisional and merged customers are left alone. With unitId,"
            + " only the customers whose branch is in that unit's subtree.")
    public Uni<Map<String, Object>> allocate(@QueryParam("unitId") Long unitId) {
        return organisation.allocate(actor(), unitId).map(a -> Map.of("allocated", a.allocated(), "perTeam", a.perTeam()));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
