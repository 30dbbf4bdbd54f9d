package dev.switchboard.interaction.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.interaction.InteractionFilter;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.TouchpointView;
import dev.switchboard.interaction.service.InteractionService;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.QueryLists;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.queue.Disposition;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Interactions and their touchpoint logs. */
@Path("/api/interactions")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Interactions")
public class InteractionResource {

    /** An interaction as the API shows it. */
    public record InteractionView(long id, long customerId, Channel channel, Direction direction, Long queueId,
                                  Long agentId, InteractionState state, String externalKey, Long serviceRequestId,
                                  String customerAddress, String channelAddress, int lastSeq,
                                  OffsetDateTime createdAt, OffsetDateTime queuedAt,
                                  OffsetDateTime answeredAt, OffsetDateTime endedAt, String disposition) {
        static InteractionView of(Interaction i) {
            return new InteractionView(i.id, i.customerId, i.channel, i.direction, i.queueId, i.agentId, i.state,
                    i.externalKey, i.serviceRequestId, i.customerAddress, i.channelAddress, i.lastSeq, i.createdAt,
                    i.queuedAt, i.answeredAt, i.endedAt, i.disposition);
        }
    }

    /** A note by the signed-in employee. */
    public record NoteRequest(@NotBlank @Size(max = 20000) String text) {
    }

    /** How the interaction ended. */
    public record CloseRequest(
            @Schema(description = "The outcome; one of the queue's dispositions when its queue lists any")
            @Size(max = Disposition.MAX_LENGTH) String disposition) {
    }

    /** The service request to link. */
    public record LinkRequest(@NotNull Long serviceRequestId) {
    }

    private final InteractionService interactions;
    private final SecurityIdentity identity;
    private final DataScopes scopes;

    InteractionResource(InteractionService interactions, SecurityIdentity identity, DataScopes scopes) {
        this.interactions = interactions;
        this.identity = identity;
        this.scopes = scopes;
    }

    /** One page of interactions, newest first: the answer of the list without {@code customerId}. */
    public record InteractionPage(List<InteractionView> items, int page, int size, long total) {
    }

    /** The page size of the list without {@code customerId}, as on the other lists. */
    static final int MAX_PAGE_SIZE = 200;
    /** The page size of the list per customer, which kept its own limits for its clients. */
    static final int MAX_CUSTOMER_PAGE_SIZE = 1000;

    @GET
    @Operation(summary = "List interactions", description = "Without `customerId`: interactions across customers,"
            + " newest first (created time, then id), as a page object `{items, page, size, total}`; `size` 1..200,"
            + " default 20. With `customerId`: that customer's interactions oldest first as a plain array, as this"
            + " list always answered (`size` 1..1000, default 200). The filters work on both; `channel` and `state`"
            + " may be repeated or comma-separated and match any of the values; `from` (inclusive) and `to`"
            + " (exclusive) bound the created time, ISO-8601 with an offset (2026-03-01T00:00:00Z).")
    @APIResponse(responseCode = "200", description = "A page object without customerId, an array with it",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {InteractionPage.class, InteractionView[].class})))
    @Scoped(value = ScopedRecord.CUSTOMER, query = "customerId")
    public Uni<Response> list(@RestQuery Long customerId, @RestQuery Long agentId, @RestQuery Long queueId,
                              @Parameter(description = "VOICE, VOIP, FAX, EMAIL, CHAT, SMS or API; repeat or"
                                      + " comma-separate for several") @RestQuery List<String> channel,
                              @Parameter(description = "NEW, QUEUED, OFFERED, ACTIVE, WRAP_UP, CLOSED, ABANDONED or"
                                      + " FAILED; repeat or comma-separate for several") @RestQuery List<String> state,
                              @Parameter(description = "INBOUND or OUTBOUND") @RestQuery String direction,
                              @Parameter(description = "Created at or after") @RestQuery OffsetDateTime from,
                              @Parameter(description = "Created before") @RestQuery OffsetDateTime to,
                              @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                              @Parameter(description = "Default 20 (200 with customerId); at most 200 (1000 with"
                                      + " customerId)") @RestQuery @Min(1) @Max(MAX_CUSTOMER_PAGE_SIZE) Integer size) {
        InteractionFilter unscoped = filter(customerId, agentId, queueId, channel, state, direction, from, to);
        int pageSize = customerId != null ? 0 : pageSize(size);
        return scopes.of(identity).chain(scope -> {
            InteractionFilter filter = unscoped.within(scope);
            if (customerId != null) {
                return interactions.listOldestFirst(filter, page, size == null ? 200 : size)
                        .map(l -> Response.ok(l.stream().map(InteractionView::of).toList()).build());
            }
            return interactions.listNewestFirst(filter, page, pageSize).map(p -> Response.ok(new InteractionPage(
                    p.items().stream().map(InteractionView::of).toList(), p.page(), p.size(), p.total())).build());
        });
    }

    /** The filter of a list's query parameters; a value that names nothing is a validation problem. */
    static InteractionFilter filter(Long customerId, Long agentId, Long queueId, List<String> channel,
                                    List<String> state, String direction, OffsetDateTime from, OffsetDateTime to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        return new InteractionFilter(customerId, agentId, queueId, QueryLists.enums(Channel.class, channel, "channel"),
                QueryLists.enums(InteractionState.class, state, "state"),
                QueryLists.one(Direction.class, direction, "direction"), from, to, null);
    }

    /** The page size asked for, within the limit of the lists that answer a page object. */
    static int pageSize(Integer size) {
        if (size != null && size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "must be less than or equal to " + MAX_PAGE_SIZE);
        }
        return size == null ? 20 : size;
    }

    @GET
    @Path("/{id}")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<InteractionView> get(@RestPath long id) {
        return interactions.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Interaction", id))
                .map(InteractionView::of);
    }

    @GET
    @Path("/{id}/touchpoints")
    @Operation(summary = "The interaction's log, in sequence")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<List<TouchpointView>> touchpoints(@RestPath long id) {
        return interactions.touchpoints(id).map(l -> l.stream().map(TouchpointView::of).toList());
    }

    @POST
    @Path("/{id}/notes")
    @Operation(summary = "Add a note")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<Response> note(@RestPath long id, @NotNull @Valid NoteRequest request) {
        return interactions.addNote(id, request.text(), identity.getPrincipal().getName())
                .map(t -> Response.status(201).entity(TouchpointView.of(t)).build());
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close the interaction", description = "409 when it is closed already, or routing holds"
            + " it. A disposition that is not one of the interaction's queue's dispositions (when the queue lists"
            + " any; GET /api/queues/{id}/dispositions) gives 400 validation.")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<InteractionView> close(@RestPath long id, @Valid CloseRequest request) {
        return interactions.close(id, request == null ? null : request.disposition(), identity.getPrincipal().getName())
                .map(InteractionView::of);
    }

    @PUT
    @Path("/{id}/service-request")
    @Operation(summary = "Link a service request of the same customer")
    @Scoped(ScopedRecord.INTERACTION)
    public Uni<InteractionView> link(@RestPath long id, @NotNull @Valid LinkRequest request) {
        return interactions.linkServiceRequest(id, request.serviceRequestId(), identity.getPrincipal().getName())
                .map(InteractionView::of);
    }
}
