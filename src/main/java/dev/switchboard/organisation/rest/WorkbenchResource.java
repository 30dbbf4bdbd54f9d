package dev.switchboard.organisation.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.repository.WorkbenchRepository;
import dev.switchboard.organisation.repository.WorkbenchRepository.CallbackRow;
import dev.switchboard.organisation.repository.WorkbenchRepository.CustomerRow;
import dev.switchboard.organisation.repository.WorkbenchRepository.RequestRow;
import dev.switchboard.organisation.repository.WorkbenchRepository.TouchpointRow;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The advisor's workbench: the customers of the caller's teams (its agent record's team; for a supervisor also
 * the teams of its unit's subtree), their latest touchpoints across channels, and their open work.
 */
@Path("/api/workbench")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Organisation", description = "Units, placement, team roles, customers' advisor teams; docs/organisation.md")
public class WorkbenchResource {

    private static final Set<String> SORTS = Set.of("tier", "lastContact", "assets");

    /** A page of customers, in the shape of every paged list. */
    public record CustomerPage(List<CustomerRow> items, int page, int size, long total) {
    }

    /** Work due on the teams' customers. */
    public record Tasks(List<RequestRow> serviceRequests, List<CallbackRow> callbacks) {
    }

    private final WorkbenchRepository workbench;
    private final SecurityIdentity identity;

    WorkbenchResource(WorkbenchRepository workbench, SecurityIdentity identity) {
        this.workbench = workbench;
        this.identity = identity;
    }

    @GET
    @Path("/customers")
    @Operation(summary = "My teams' customers", description = "sort: tier (Diamond first, then assets), lastContact"
            + " (most recent first) or assets; page from 0, size 1-200 (default 50). Empty for a user with no team.")
    public Uni<CustomerPage> customers(@QueryParam("sort") @DefaultValue("tier") String sort,
                                       @QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("size") @DefaultValue("50") int size) {
        if (!SORTS.contains(sort)) {
            throw ProblemException.invalid("sort", "one of tier, lastContact, assets");
        }
        if (page < 0) {
            throw ProblemException.invalid("page", "must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw ProblemException.invalid("size", "must be 1 to 200");
        }
        return teams().flatMap(teams -> teams.isEmpty() ? Uni.createFrom().item(new CustomerPage(List.of(), page, size, 0))
                : workbench.customers(teams, sort, page, size).flatMap(items -> workbench.customerCount(teams)
                        .map(total -> new CustomerPage(items, page, size, total))));
    }

    @GET
    @Path("/touchpoints")
    @Operation(summary = "My teams' customers' latest touchpoints", description = "Every channel, newest first;"
            + " size 1-200 (default 50).")
    public Uni<List<TouchpointRow>> touchpoints(@QueryParam("size") @DefaultValue("50") int size) {
        if (size < 1 || size > 200) {
            throw ProblemException.invalid("size", "must be 1 to 200");
        }
        return teams().flatMap(teams -> teams.isEmpty() ? Uni.createFrom().item(List.<TouchpointRow>of())
                : workbench.touchpoints(teams, size));
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "Work due on my teams' customers", description = "Open and pending service requests, the"
            + " soonest due first (overdue marked), and call-backs still to be made, by window; at most 200 each.")
    public Uni<Tasks> tasks() {
        return teams().flatMap(teams -> teams.isEmpty() ? Uni.createFrom().item(new Tasks(List.of(), List.of()))
                : workbench.openRequests(teams, 200).flatMap(requests -> workbench.pendingCallbacks(teams, 200)
                        .map(callbacks -> new Tasks(requests, callbacks))));
    }

    private Uni<List<Long>> teams() {
        return workbench.teamsOf(identity.getPrincipal().getName());
    }
}
