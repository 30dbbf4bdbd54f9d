package dev.switchboard.report.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.report.ReportTable;
import dev.switchboard.report.service.ReportScopes;
import dev.switchboard.report.service.ReportService;
import dev.switchboard.report.service.ReportService.Report;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Reports per role from the summary tables, as JSON or CSV. */
@Path("/api/reports")
@Produces({MediaType.APPLICATION_JSON, ReportCsv.TEXT_CSV})
@Tag(name = "Reports", description = "Contact volume, queue service, agents and service requests over any range of days")
public class ReportResource {

    private static final String RANGE = " from and to are local days (switchboard.reports.zone), both included;"
            + " to defaults to today and from to 29 days before to. More than switchboard.reports.max-days (400)"
            + " days is refused with 400 unless the caller is an administrator. CSV with Accept: text/csv or"
            + " format=csv. Rows with no figures are left out. See docs/reports.md for each figure.";

    private static final String QUEUE_FILTER = "only this queue's contacts (a queue outside the caller's scope"
            + " gives no rows)";
    private static final String CHANNEL_FILTER = "only this channel's contacts (VOICE, VOIP, FAX, EMAIL, CHAT, SMS,"
            + " API)";

    private final ReportService reports;
    private final ReportScopes scopes;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    ReportResource(ReportService reports, ReportScopes scopes, SecurityIdentity identity, JsonWebToken jwt) {
        this.reports = reports;
        this.scopes = scopes;
        this.identity = identity;
        this.jwt = jwt;
    }

    @GET
    @Path("/volume")
    @APIResponse(responseCode = "200", description = "The report as a table of columns and rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTable.class)),
            @Content(mediaType = ReportCsv.TEXT_CSV)})
    @APIResponse(responseCode = "400", description = "A bad date, range, groupBy or format (problem+json)")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Contact volume", description = "Contacts arrived (inbound), outbound, answered and"
            + " abandoned, by the local hour they arrived. groupBy: any of day, hour, queue, channel, tier"
            + " (default day,channel). queueId and channel narrow it to one queue and one channel." + RANGE)
    public Uni<Response> volume(@RestQuery String from, @RestQuery String to,
                                @Parameter(description = "comma-separated: day, hour, queue, channel, tier") @RestQuery String groupBy,
                                @Parameter(description = QUEUE_FILTER) @RestQuery Long queueId,
                                @Parameter(description = CHANNEL_FILTER) @RestQuery String channel,
                                @Parameter(description = "csv or json") @RestQuery String format, HttpHeaders headers) {
        return answer(Report.VOLUME, from, to, groupBy, queueId, channel, format, headers);
    }

    @GET
    @Path("/queues")
    @APIResponse(responseCode = "200", description = "The report as a table of columns and rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTable.class)),
            @Content(mediaType = ReportCsv.TEXT_CSV)})
    @APIResponse(responseCode = "400", description = "A bad date, range, groupBy or format (problem+json)")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Queue service", description = "Per queue and day (default): arrived, answered and"
            + " abandoned (each also within the answer target), service level, abandonment rate, average speed of"
            + " answer, handled and average handle time, closed inbound contacts and first-contact resolution."
            + " groupBy: any of queue, day, hour, channel, tier. queueId and channel narrow it to one queue and one"
            + " channel." + RANGE)
    public Uni<Response> queues(@RestQuery String from, @RestQuery String to,
                                @Parameter(description = "comma-separated: queue, day, hour, channel, tier") @RestQuery String groupBy,
                                @Parameter(description = QUEUE_FILTER) @RestQuery Long queueId,
                                @Parameter(description = CHANNEL_FILTER) @RestQuery String channel,
                                @Parameter(description = "csv or json") @RestQuery String format, HttpHeaders headers) {
        return answer(Report.QUEUES, from, to, groupBy, queueId, channel, format, headers);
    }

    @GET
    @Path("/agents")
    @APIResponse(responseCode = "200", description = "The report as a table of columns and rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTable.class)),
            @Content(mediaType = ReportCsv.TEXT_CSV)})
    @APIResponse(responseCode = "400", description = "A bad date, range, groupBy or format (problem+json)")
    @RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Agents", description = "Per agent: contacts handled (answered and closed), handle time"
            + " and its average, and the count per disposition (\"\" for none), by the local day handling ended."
            + " groupBy: agent (always) and any of day, disposition. An agent sees its own row only." + RANGE)
    public Uni<Response> agents(@RestQuery String from, @RestQuery String to,
                                @Parameter(description = "comma-separated: agent, day, disposition") @RestQuery String groupBy,
                                @Parameter(description = "csv or json") @RestQuery String format, HttpHeaders headers) {
        return answer(Report.AGENTS, from, to, groupBy, null, null, format, headers);
    }

    @GET
    @Path("/service-requests")
    @APIResponse(responseCode = "200", description = "The report as a table of columns and rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportTable.class)),
            @Content(mediaType = ReportCsv.TEXT_CSV)})
    @APIResponse(responseCode = "400", description = "A bad date, range, groupBy or format (problem+json)")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Service requests", description = "Per type (complaints apart from enquiries and"
            + " requests): opened (on the day created), resolved (on the day resolved) with the average time to"
            + " resolve, and SLA breaches (on the day they fell due, resolved late or still unresolved)."
            + " groupBy: any of type, day (default type)." + RANGE)
    public Uni<Response> serviceRequests(@RestQuery String from, @RestQuery String to,
                                         @Parameter(description = "comma-separated: type, day") @RestQuery String groupBy,
                                         @Parameter(description = "csv or json") @RestQuery String format,
                                         HttpHeaders headers) {
        return answer(Report.SERVICE_REQUESTS, from, to, groupBy, null, null, format, headers);
    }

    private Uni<Response> answer(Report report, String from, String to, String groupBy, Long queueId, String channel,
                                 String format, HttpHeaders headers) {
        boolean csv = ReportCsv.wanted(format, headers);
        boolean unlimited = identity.hasRole(Roles.ADMIN);
        return scopes.of(identity, jwt.getSubject())
                .chain(scope -> reports.report(report, from, to, groupBy, queueId, channel, unlimited, scope))
                .map(table -> csv ? csv(table) : Response.ok(table, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static Response csv(ReportTable table) {
        return Response.ok(ReportCsv.write(table), ReportCsv.TEXT_CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + table.report() + "_" + table.from()
                        + "_" + table.to() + ".csv\"")
                .build();
    }
}
