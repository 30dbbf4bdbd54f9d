package dev.switchboard.queue.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.queue.Queue;
import dev.switchboard.queue.rest.QueueApi.DispositionBody;
import dev.switchboard.queue.rest.QueueApi.QueueRequest;
import dev.switchboard.queue.rest.QueueApi.QueueView;
import dev.switchboard.queue.service.QueueService;
import dev.switchboard.routing.QueueIntervals;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.engine.Contact;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Queues: everyone signed in reads, administrators write. */
@Path("/api/queues")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Queues", description = "Queues with their channels, required skills, answer targets and overflow")
public class QueueResource {

    private final QueueService queues;
    private final SecurityIdentity identity;
    private final RoutingService routing;

    QueueResource(QueueService queues, SecurityIdentity identity, RoutingService routing) {
        this.routing = routing;
        this.queues = queues;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a queue", description = "A name in use gives 409; an unknown overflow queue or"
            + " team gives 400.")
    public Uni<Response> create(@NotNull @Valid QueueRequest request) {
        return queues.create(actor(), request.input()).call(q -> routing.refreshQueue(q.id))
                .map(q -> Response.status(201).entity(view(q)).header("Location", "/api/queues/" + q.id).build());
    }

    @GET
    @Operation(summary = "List queues", description = "By name, each with its effective answer targets.")
    public Uni<List<QueueView>> list() {
        return queues.list().map(l -> l.stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}/stats")
    @Operation(summary = "A queue's live figures and today's results",
            description = "The same figures the supervisor socket pushes; docs/routing.md defines each.")
    @Scoped(ScopedRecord.QUEUE)
    public Uni<QueueStats> stats(@RestPath long id) {
        return routing.stats(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id));
    }

    @GET
    @Path("/{id}/intervals")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "A queue's day in 15-minute intervals",
            description = "From the records, in the statistics zone (switchboard.routing.stats-zone): per interval"
                    + " the contacts that joined the queue (arrived), were answered and abandoned in it, each also"
                    + " within the answer target, and the service level (null when none left the queue). 96"
                    + " intervals for a day (92 or 100 on a daylight-saving change). date defaults to today.")
    @Scoped(ScopedRecord.QUEUE)
    public Uni<QueueIntervals> intervals(@RestPath long id,
                                         @Parameter(description = "YYYY-MM-DD; today in the statistics zone when absent")
                                         @RestQuery String date) {
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? routing.today() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("date", "must be a date as YYYY-MM-DD");
        }
        return routing.intervals(id, day).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id));
    }

    @GET
    @Path("/{id}/waiting")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "A queue's waiting contacts", description = "In the order they will be served.")
    @Scoped(ScopedRecord.QUEUE)
    public Uni<List<Contact>> waiting(@RestPath long id) {
        return routing.waiting(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a queue", description = "effectiveAnswerTargets fills in the configured default"
            + " (switchboard.routing.answer-targets) for every tier and channel the queue sets no target for.")
    public Uni<QueueView> get(@RestPath long id) {
        return queues.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id)).map(this::view);
    }

    @GET
    @Path("/{id}/dispositions")
    @Operation(summary = "A queue's wrap-up dispositions", description = "The outcomes an agent may give when it"
            + " wraps up or closes a contact of the queue, in display order, with their labels; empty when any"
            + " disposition goes.")
    public Uni<List<DispositionBody>> dispositions(@RestPath long id) {
        return queues.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id))
                .map(QueueView::dispositions);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a queue", description = "The whole record; absent skills, targets and overflow"
            + " settings are removed (absent dispositions are kept; [] removes them). An overflow that leads back"
            + " to this queue gives 400.")
    public Uni<QueueView> update(@RestPath long id, @NotNull @Valid QueueRequest request) {
        return queues.update(actor(), id, request.input()).call(q -> routing.refreshQueue(q.id)).map(this::view);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a queue", description = "409 while another queue overflows into it or once it"
            + " has queued interactions.")
    public Uni<Response> delete(@RestPath long id) {
        return queues.delete(actor(), id).replaceWith(Response.noContent().build());
    }

    private QueueView view(Queue q) {
        return QueueView.of(q, queues.effectiveTargets(q));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
