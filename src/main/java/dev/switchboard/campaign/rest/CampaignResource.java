package dev.switchboard.campaign.rest;

import dev.switchboard.agent.service.AgentNames;
import dev.switchboard.auth.Roles;
import dev.switchboard.campaign.CampaignApi.CallResult;
import dev.switchboard.campaign.CampaignApi.CampaignPage;
import dev.switchboard.campaign.CampaignApi.CampaignView;
import dev.switchboard.campaign.CampaignApi.CountRequest;
import dev.switchboard.campaign.CampaignApi.Evaluation;
import dev.switchboard.campaign.CampaignApi.MemberPage;
import dev.switchboard.campaign.CampaignApi.MemberView;
import dev.switchboard.campaign.CampaignApi.Plan;
import dev.switchboard.campaign.CampaignApi.SegmentCount;
import dev.switchboard.campaign.service.CampaignEvaluation;
import dev.switchboard.campaign.service.CampaignService;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.report.rest.ReportCsv;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Precision marketing campaigns: supervisors and administrators plan (count a segment, save a plan), approve
 * (another supervisor than the owner), start, pause, resume and cancel campaigns and read their evaluation; agents
 * work the call lists.
 */
@Path("/api/campaigns")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Campaigns", description = "Precision marketing: segments, plans, approval, sending through SMS and"
        + " email, call lists, and the evaluation against a control group; docs/marketing.md")
public class CampaignResource {

    private final CampaignService service;
    private final CampaignEvaluation evaluation;
    private final SecurityIdentity identity;
    private final DataScopes scopes;
    private final OutboundService outbound;
    private final AgentNames names;

    CampaignResource(CampaignService service, CampaignEvaluation evaluation, SecurityIdentity identity,
                     DataScopes scopes, OutboundService outbound, AgentNames names) {
        this.service = service;
        this.evaluation = evaluation;
        this.identity = identity;
        this.scopes = scopes;
        this.outbound = outbound;
        this.names = names;
    }

    @POST
    @Path("/segment-count")
    @Operation(summary = "Count a segment before saving a plan", description = "The customers the segment holds (in"
            + " the caller's scope), by tier and by the channel each would get; OPTED_OUT and NO_ADDRESS are those"
            + " no channel reaches.")
    public Uni<SegmentCount> count(@NotNull @Valid CountRequest request) {
        return scopes.of(identity).chain(scope -> service.count(request, scope));
    }

    @POST
    @Operation(summary = "Plan a campaign", description = "Saved as a DRAFT with the segment's count now; it starts"
            + " once another supervisor approved it. 400 names each bad field.")
    public Uni<Response> create(@NotNull @Valid Plan plan) {
        return scopes.of(identity).chain(scope -> service.create(plan, actor(), scope))
                .map(c -> Response.status(201).entity(c).header("Location", "/api/campaigns/" + c.id()).build());
    }

    @GET
    @Operation(summary = "Campaigns, newest first", description = "page from 0; size 1 to"
            + " switchboard.campaigns.max-page-size (default 50).")
    public Uni<CampaignPage> campaigns(@RestQuery Integer page, @RestQuery Integer size) {
        return service.campaigns(page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One campaign", description = "The plan, who approved and started it, and once started its"
            + " members by state and why it is not sending now, if so (PAUSED, QUIET_HOURS, NOT_BEFORE).")
    public Uni<CampaignView> campaign(@RestPath long id) {
        return found(service.view(id), id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a plan", description = "Only before it starts; an approval it had is dropped (it is a"
            + " DRAFT again). 409 once started.")
    public Uni<CampaignView> replace(@RestPath long id, @NotNull @Valid Plan plan) {
        return found(scopes.of(identity).chain(scope -> service.replace(id, plan, actor(), scope)), id);
    }

    @POST
    @Path("/{id}/approve")
    @Operation(summary = "Approve a plan", description = "By a supervisor or administrator other than its owner (403"
            + " for the owner). 409 unless it is a DRAFT.")
    public Uni<CampaignView> approve(@RestPath long id) {
        return found(service.approve(id, actor()), id);
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start an approved campaign", description = "Its segment as it is now (in the caller's scope)"
            + " becomes its members, the control share held out at random; messages go from the next second, at the"
            + " plan's rate, outside its quiet hours. 409 unless APPROVED, or when a channel cannot send here.")
    public Uni<CampaignView> start(@RestPath long id) {
        return found(scopes.of(identity).chain(scope -> service.start(id, actor(), scope)), id);
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a running campaign", description = "No further message goes until it is resumed.")
    public Uni<CampaignView> pause(@RestPath long id) {
        return found(service.pause(id), id);
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused campaign")
    public Uni<CampaignView> resume(@RestPath long id) {
        return found(service.resume(id), id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a campaign", description = "No further message goes; members not reached are"
            + " skipped (CANCELLED). Messages already stored still go.")
    public Uni<CampaignView> cancel(@RestPath long id) {
        return found(service.cancel(id), id);
    }

    @GET
    @Path("/{id}/members")
    @RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "A campaign's members", description = "In the campaign's order, those in the caller's scope;"
            + " state=LISTED is the call list (customers to call). page from 0; size 1 to"
            + " switchboard.campaigns.max-page-size (default 50).")
    public Uni<MemberPage> members(@RestPath long id,
                                   @Parameter(description = "PENDING, SENT, LISTED, CALLED, HELD_OUT or SKIPPED")
                                   @RestQuery String state, @RestQuery Integer page, @RestQuery Integer size) {
        return found(scopes.of(identity).chain(scope -> service.members(id, state, page, size, scope)), id);
    }

    @POST
    @Path("/{id}/members/{customerId}/call-result")
    @RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Scoped(value = ScopedRecord.CUSTOMER, param = "customerId")
    @Operation(summary = "Record a call-list call", description = "The outcome and a note of an agent's call to a"
            + " member on the call list (once): a CAMPAIGN_CALL touchpoint on the customer's timeline, and the"
            + " member's response window starts. 409 when the member is not on the call list or has a result.")
    public Uni<MemberView> callResult(@RestPath long id, @RestPath long customerId,
                                      @NotNull @Valid CallResult request) {
        return outbound.actor(identity).chain(actor -> (actor.agentId() == null
                        ? Uni.createFrom().item(actor.username()) : names.of(actor.agentId())
                        .map(name -> name != null ? name : actor.username()))
                .chain(employee -> service.callResult(id, customerId, request, actor, employee)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Campaign member", customerId));
    }

    @GET
    @Path("/{id}/evaluation")
    @Produces({MediaType.APPLICATION_JSON, ReportCsv.TEXT_CSV})
    @APIResponse(responseCode = "200", description = "The evaluation", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Evaluation.class)),
            @Content(mediaType = ReportCsv.TEXT_CSV)})
    @Operation(summary = "Evaluate a campaign", description = "Reached, delivered, responded (an inbound contact on"
            + " any channel within the response window) and converted, the target group against the control group,"
            + " overall, per tier and per channel, with the costs. CSV with Accept: text/csv or format=csv.")
    public Uni<Response> evaluation(@RestPath long id, @Parameter(description = "csv or json") @RestQuery String format,
                                    HttpHeaders headers) {
        boolean csv = ReportCsv.wanted(format, headers);
        return found(evaluation.evaluate(id), id).map(e -> csv
                ? Response.ok(ReportCsv.write(CampaignEvaluation.CSV_COLUMNS, CampaignEvaluation.csvRows(e)),
                        ReportCsv.TEXT_CSV + "; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"campaign_" + id + "_evaluation.csv\"")
                        .build()
                : Response.ok(e, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static <T> Uni<T> found(Uni<T> answer, long id) {
        return answer.onItem().ifNull().failWith(() -> ProblemException.notFound("Campaign", id));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
