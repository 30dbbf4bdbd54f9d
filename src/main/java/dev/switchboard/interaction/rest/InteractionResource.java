package dev.switchboard.interaction.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.TouchpointView;
import dev.switchboard.interaction.service.InteractionService;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import dev.switchboard.platform.PageView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;

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
    public record CloseRequest(@Size(max = 200) String disposition) {
    }

    /** The service request to link. */
    public record LinkRequest(@NotNull Long serviceRequestId) {
    }

    private final InteractionService interactions;
    private final SecurityIdentity identity;

    InteractionResource(InteractionService interactions, SecurityIdentity identity) {
        this.interactions = interactions;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "A customer's interactions", description = "Oldest first, a page of `size` at a time.")
    public Uni<List<InteractionView>> list(@RestQuery @NotNull Long customerId,
                                           @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                                           @RestQuery @DefaultValue("200") @Min(1) @Max(1000) int size) {
        return interactions.listByCustomer(customerId, page, size)
                .map(l -> l.stream().map(InteractionView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<InteractionView> get(@RestPath long id) {
        return interactions.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Interaction", id))
                .map(InteractionView::of);
    }

    @GET
    @Path("/{id}/touchpoints")
    @Operation(summary = "The interaction's log, in sequence")
    public Uni<List<TouchpointView>> touchpoints(@RestPath long id) {
        return interactions.touchpoints(id).map(l -> l.stream().map(TouchpointView::of).toList());
    }

    @POST
    @Path("/{id}/notes")
    @Operation(summary = "Add a note")
    public Uni<Response> note(@RestPath long id, @NotNull @Valid NoteRequest request) {
        return interactions.addNote(id, request.text(), identity.getPrincipal().getName())
                .map(t -> Response.status(201).entity(TouchpointView.of(t)).build());
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Close the interaction", description = "409 when it is closed already.")
    public Uni<InteractionView> close(@RestPath long id, @Valid CloseRequest request) {
        return interactions.close(id, request == null ? null : request.disposition(), identity.getPrincipal().getName())
                .map(InteractionView::of);
    }

    @PUT
    @Path("/{id}/service-request")
    @Operation(summary = "Link a service request of the same customer")
    public Uni<InteractionView> link(@RestPath long id, @NotNull @Valid LinkRequest request) {
        return interactions.linkServiceRequest(id, request.serviceRequestId(), identity.getPrincipal().getName())
                .map(InteractionView::of);
    }
}
