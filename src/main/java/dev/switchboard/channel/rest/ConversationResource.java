package dev.switchboard.channel.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** New conversations an agent starts with a customer. */
@Scoped(ScopedRecord.CUSTOMER)
@Path("/api/customers/{id}/conversations")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Messages")
public class ConversationResource {

    /** A new conversation with a customer. */
    public record ConversationRequest(@NotNull Channel channel,
                                      @Size(max = 320) @Schema(description = "The customer's address; default: its"
                                              + " first one for the channel") String to,
                                      String text, List<InteractionMessagesResource.@NotNull @Valid FileRequest> attachments,
                                      Map<String, Object> data) {
    }

    private final OutboundService outbound;
    private final SecurityIdentity identity;

    ConversationResource(OutboundService outbound, SecurityIdentity identity) {
        this.outbound = outbound;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Start a conversation with a customer", description = "Opens an outbound interaction held by"
            + " the signed-in agent and sends its first message.")
    public Uni<Response> start(@RestPath long id, @NotNull @Valid ConversationRequest request,
                               @HeaderParam("Idempotency-Key") @Size(max = 200) String key) {
        return outbound.actor(identity).flatMap(actor -> outbound.start(actor, id, request.channel(), request.to(),
                        request.text(), InteractionMessagesResource.files(request.attachments()), request.data(), key))
                .map(r -> Response.status(r.created() ? 201 : 200).entity(r)
                        .header("Location", "/api/interactions/" + r.interactionId()).build());
    }
}
