package dev.switchboard.agent.rest;

import dev.switchboard.agent.rest.AgentApi.AgentRequest;
import dev.switchboard.agent.rest.AgentApi.AgentView;
import dev.switchboard.agent.service.AgentService;
import dev.switchboard.auth.Roles;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.service.RoutingService;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Agents: everyone signed in reads, administrators write. */
@Path("/api/agents")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Agents", description = "Agents with their skills, tier clearance, channels and capacity")
public class AgentResource {

    private final AgentService agents;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;
    private final RoutingService routing;

    AgentResource(AgentService agents, SecurityIdentity identity, JsonWebToken jwt, RoutingService routing) {
        this.routing = routing;
        this.agents = agents;
        this.identity = identity;
        this.jwt = jwt;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an agent", description = "An unknown team or user gives 400; a user linked to"
            + " another agent gives 409.")
    public Uni<Response> create(@NotNull @Valid AgentRequest request) {
        return agents.create(actor(), request.input()).call(a -> routing.refreshAgent(a.id))
                .map(a -> Response.status(201).entity(AgentView.of(a)).header("Location", "/api/agents/" + a.id).build());
    }

    @GET
    @Operation(summary = "List agents", description = "By name; with teamId, only that team's agents.")
    public Uni<List<AgentView>> list(@RestQuery Long teamId) {
        return agents.list(teamId).map(l -> l.stream().map(AgentView::of).toList());
    }

    @GET
    @Path("/me")
    @Operation(summary = "The signed-in user's agent", description = "404 when the user is not linked to an agent.")
    public Uni<AgentView> me() {
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "You are not linked to an agent");
        }
        return agents.forUser(userId).onItem().ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "You are not linked to an agent"))
                .map(AgentView::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an agent")
    public Uni<AgentView> get(@RestPath long id) {
        return agents.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Agent", id)).map(AgentView::of);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an agent", description = "The whole record; absent fields take their defaults"
            + " and absent skills are removed.")
    public Uni<AgentView> update(@RestPath long id, @NotNull @Valid AgentRequest request) {
        return agents.update(actor(), id, request.input()).call(a -> routing.refreshAgent(a.id)).map(AgentView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete an agent", description = "409 once the agent has handled interactions or owns"
            + " service requests.")
    public Uni<Response> delete(@RestPath long id) {
        return agents.delete(actor(), id).replaceWith(Response.noContent().build());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
