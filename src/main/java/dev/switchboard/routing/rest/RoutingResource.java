package dev.switchboard.routing.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.interaction.Channel;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.service.Router;
import dev.switchboard.routing.service.RoutingQuery;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Routing as supervisors see and steer it: queue figures, agents' states, moves of waiting work. */
@Path("/api/routing")
@Tag(name = "Routing", description = "Live queue figures, agents' states, and supervisors' actions on waiting work")
public class RoutingResource {

    /** A presence set by a supervisor; channels empty or absent means all of the agent's channels. */
    public record PresenceRequest(@NotNull Presence presence, @Size(max = 100) String reason, Set<Channel> channels) {
    }

    /** Where a waiting contact goes: a queue or one agent (exactly one of them). */
    public record MoveRequest(Long queueId, Long agentId) {
    }

    /** The new due-by of a waiting contact. */
    public record DueByRequest(@NotNull Instant dueBy) {
    }

    private final Router router;
    private final RoutingService routing;
    private final SecurityIdentity identity;
    private final DataScopes scopes;

    RoutingResource(Router router, RoutingService routing, SecurityIdentity identity, DataScopes scopes) {
        this.router = router;
        this.routing = routing;
        this.identity = identity;
        this.scopes = scopes;
    }

    @GET
    @Path("/agents")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Every agent's routing state", description = "Presence, state and time in state, work held,"
            + " offers missed and pauses today; of the agents the caller oversees.")
    public Uni<List<AgentStatus>> agents() {
        return scopes.of(identity).chain(scope -> router.query(new RoutingQuery.Agents())
                .map(agents -> agents.stream().filter(a -> scope.overseesAgent(a.agentId())).toList()));
    }

    @POST
    @Path("/agents/{id}/presence")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Change an agent's presence", description = "Audited; a pause needs a configured reason.")
    @Scoped(ScopedRecord.AGENT)
    public Uni<AgentStatus> presence(@RestPath long id, @NotNull @Valid PresenceRequest request) {
        return routing.setAgentPresence(actor(), id, request.presence(), request.reason(), request.channels())
                .chain(() -> router.query(new RoutingQuery.Agent(id)));
    }

    @POST
    @Path("/interactions/{id}/move")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Move a waiting contact", description = "To another queue (due-by kept) or to one agent;"
            + " a pending offer is withdrawn. Audited and recorded as a touchpoint.")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<Void> move(@RestPath long id, @NotNull @Valid MoveRequest request) {
        if ((request.queueId() == null) == (request.agentId() == null)) {
            throw ProblemException.invalid("queueId", "give exactly one of queueId and agentId");
        }
        return (request.queueId() != null ? routing.moveToQueue(actor(), id, request.queueId())
                : routing.moveToAgent(actor(), id, request.agentId())).replaceWithVoid();
    }

    @POST
    @Path("/interactions/{id}/due-by")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Change a waiting contact's priority", description = "Sets its due-by, which orders the"
            + " waiting work. Audited and recorded as a touchpoint.")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<Void> dueBy(@RestPath long id, @NotNull @Valid DueByRequest request) {
        return routing.changeDueBy(actor(), id, request.dueBy()).replaceWithVoid();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
