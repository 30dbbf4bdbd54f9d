package dev.switchboard.proactive.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.proactive.ProactiveApi.AssessmentView;
import dev.switchboard.proactive.ProactiveApi.CreateEvent;
import dev.switchboard.proactive.ProactiveApi.EventPage;
import dev.switchboard.proactive.ProactiveApi.EventView;
import dev.switchboard.proactive.ProactiveApi.ProgressView;
import dev.switchboard.proactive.ProactiveApi.ResultRequest;
import dev.switchboard.proactive.ProactiveApi.StartRequest;
import dev.switchboard.proactive.ProactiveApi.StartView;
import dev.switchboard.proactive.ProactiveApi.TargetPage;
import dev.switchboard.proactive.ProactiveApi.TargetView;
import dev.switchboard.proactive.service.ProactiveProgress;
import dev.switchboard.proactive.service.ProactiveService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Proactive service after a market event: research staff (supervisors, administrators) record the event and its
 * impact, rank the customers it touches, and start the list; agents record each task's result.
 */
@Path("/api/proactive")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Proactive service", description = "Market events, ranked lists of affected customers, tasks and"
        + " progress; docs/marketing.md")
public class ProactiveResource {

    private final ProactiveService service;
    private final ProactiveProgress progress;
    private final SecurityIdentity identity;
    private final DataScopes scopes;

    ProactiveResource(ProactiveService service, ProactiveProgress progress, SecurityIdentity identity,
                      DataScopes scopes) {
        this.service = service;
        this.progress = progress;
        this.identity = identity;
        this.scopes = scopes;
    }

    @POST
    @Path("/events")
    @Operation(summary = "Record a market event", description = "What happened, when, how serious, and the impact"
            + " assessment: HOLDERS rules (security codes with their expected move in percent) and ASSET_SHARE rules"
            + " (an asset type above a share of the portfolio, with its expected move). 400 names each bad field.")
    public Uni<Response> create(@NotNull @Valid CreateEvent request) {
        return service.create(request, actor()).map(e -> Response.status(201).entity(e)
                .header("Location", "/api/proactive/events/" + e.id()).build());
    }

    @GET
    @Path("/events")
    @Operation(summary = "Market events, newest first", description = "page from 0; size 1 to"
            + " switchboard.proactive.max-page-size (default 50).")
    public Uni<EventPage> events(@RestQuery Integer page, @RestQuery Integer size) {
        return service.events(page, size);
    }

    @GET
    @Path("/events/{id}")
    @Operation(summary = "One market event", description = "With the ranking rule of its list and, once started,"
            + " its queue and times.")
    public Uni<EventView> event(@RestPath long id) {
        return service.event(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Market event", id));
    }

    @POST
    @Path("/events/{id}/assessment")
    @Operation(summary = "Rank the affected customers", description = "Combines the event's rules with every"
            + " customer's current holdings and asset mix and stores the ranked list (replacing an earlier one)."
            + " Each row's score is the configured weights (switchboard.proactive.weights) times four factors:"
            + " expected move in money, exposure as a share of assets, tier, days since the last contact."
            + " 409 once the list was started.")
    public Uni<AssessmentView> assess(@RestPath long id) {
        return service.assess(id, actor()).onItem().ifNull().failWith(() -> ProblemException.notFound("Market event", id));
    }

    @GET
    @Path("/events/{id}/targets")
    @Operation(summary = "The ranked list", description = "Rows in rank order: exposure, share, tier, last contact,"
            + " score with its explanation, the suggested action (channel, address, text in zh-CN and en), and once"
            + " started the task's state and result. page from 0; size 1 to switchboard.proactive.max-page-size"
            + " (default 50).")
    public Uni<TargetPage> targets(@RestPath long id, @RestQuery Integer page, @RestQuery Integer size) {
        return scopes.of(identity).chain(scope -> service.targets(id, page, size, scope)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Market event", id));
    }

    @POST
    @Path("/events/{id}/start")
    @Operation(summary = "Make the list tasks", description = "Every row becomes an outbound interaction on its"
            + " suggested channel, routed in rank order to the customer's own advisor team first (for teamFirst),"
            + " then to the queue's teams, then its overflow. 202: the tasks reach routing in the background."
            + " 409 when already started or not ranked yet.")
    public Uni<Response> start(@RestPath long id, @Valid StartRequest request) {
        return service.start(id, request, actor()).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Market event", id))
                .map(started -> Response.accepted(started).build());
    }

    @GET
    @Path("/events/{id}/progress")
    @Operation(summary = "How far the list is worked", description = "Reached (ADVISED, ACTION_TAKEN, DECLINED), not"
            + " reached (NO_ANSWER, LEFT_MESSAGE, WRONG_CONTACT) and pending, overall, per advisor team and per"
            + " tier; by state and by result; and the results per time bucket from the start (ISO-8601, PT1M to"
            + " P1D, default PT1H) with the reached so far.")
    public Uni<ProgressView> progress(@RestPath long id,
                                      @Parameter(description = "ISO-8601 duration, e.g. PT15M") @RestQuery String bucket) {
        return scopes.of(identity).chain(scope -> progress.progress(id, bucket, scope)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Market event", id));
    }

    @GET
    @Path("/targets/{id}")
    @RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "One row of a ranked list", description = "An agent sees the tasks it took.")
    public Uni<TargetView> target(@RestPath long id) {
        return scopes.of(identity).chain(scope -> service.target(id, actor(), supervisor(), scope)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Task", id));
    }

    @POST
    @Path("/targets/{id}/result")
    @RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Record a task's result", description = "By the agent who took the task (a supervisor may"
            + " record any taken task's): the outcome, the channel used (default: the suggested one) and a note."
            + " Writes a PROACTIVE_RESULT touchpoint and ends the task's contact, so the agent wraps up."
            + " 409 when the task was not taken yet or has a result.")
    public Uni<TargetView> result(@RestPath long id, @NotNull @Valid ResultRequest request) {
        return scopes.of(identity).chain(scope -> service.result(id, request, actor(), supervisor(), scope))
                .onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Task", id));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private boolean supervisor() {
        return identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN);
    }
}
