package dev.switchboard.agent.rest;

import dev.switchboard.agent.rest.TeamApi.TeamRequest;
import dev.switchboard.agent.rest.TeamApi.TeamView;
import dev.switchboard.agent.service.TeamService;
import dev.switchboard.auth.Roles;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Advisor teams: everyone signed in reads, administrators write. */
@Path("/api/teams")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Teams", description = "Advisor teams and their service tier")
public class TeamResource {

    private final TeamService teams;
    private final SecurityIdentity identity;

    TeamResource(TeamService teams, SecurityIdentity identity) {
        this.teams = teams;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a team", description = "A name in use gives 409.")
    public Uni<Response> create(@NotNull @Valid TeamRequest request) {
        return teams.create(actor(), request.input())
                .map(t -> Response.status(201).entity(TeamView.of(t)).header("Location", "/api/teams/" + t.id).build());
    }

    @GET
    @Operation(summary = "List teams", description = "By name.")
    public Uni<List<TeamView>> list() {
        return teams.list().map(l -> l.stream().map(TeamView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a team")
    public Uni<TeamView> get(@RestPath long id) {
        return teams.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Team", id)).map(TeamView::of);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a team", description = "Agents keep their own service tier.")
    public Uni<TeamView> update(@RestPath long id, @NotNull @Valid TeamRequest request) {
        return teams.update(actor(), id, request.input()).map(TeamView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a team", description = "409 while agents belong to it, a queue overflows to it"
            + " or it is a customer's advisor team.")
    public Uni<Response> delete(@RestPath long id) {
        return teams.delete(actor(), id).replaceWith(Response.noContent().build());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
