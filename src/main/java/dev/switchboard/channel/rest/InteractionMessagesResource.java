package dev.switchboard.channel.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.OutboundResult;
import dev.switchboard.channel.repository.OutboundRepository.MessageStatus;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Messages out on one interaction: send a reply, list what was sent with its delivery status. */
@Scoped(ScopedRecord.INTERACTION)
@Path("/api/interactions/{id}/messages")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Messages")
public class InteractionMessagesResource {

    /** A file, base64-encoded. */
    public record FileRequest(@NotBlank @Size(max = 300) String filename, @NotBlank @Size(max = 200) String contentType,
                              @NotBlank String data) {
    }

    /** A reply on an interaction. */
    public record MessageRequest(String text, List<@NotNull @Valid FileRequest> attachments,
                                 @Schema(description = "Channel-specific fields, e.g. an email's subject")
                                 Map<String, Object> data) {
    }

    private final OutboundService outbound;
    private final SecurityIdentity identity;

    InteractionMessagesResource(OutboundService outbound, SecurityIdentity identity) {
        this.outbound = outbound;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Send a message on an interaction", description = "To the customer's address on it, through"
            + " the channel's gateway. Answers 202 once the message is stored (status QUEUED); its DELIVERY touchpoints"
            + " follow. An agent may send on its own interactions. With an Idempotency-Key a repeat returns the first"
            + " result with 200 and sends nothing.")
    public Uni<Response> reply(@RestPath long id, @NotNull @Valid MessageRequest request,
                               @HeaderParam("Idempotency-Key") @Size(max = 200) String key) {
        return outbound.actor(identity).flatMap(actor -> outbound.reply(actor, id, request.text(),
                files(request.attachments()), request.data(), key)).map(InteractionMessagesResource::accepted);
    }

    @GET
    @Operation(summary = "The messages sent on an interaction, with their delivery status")
    public Uni<List<MessageStatus>> messages(@RestPath long id) {
        return outbound.statuses(id);
    }

    private static Response accepted(OutboundResult r) {
        return Response.status(r.created() ? 202 : 200).entity(r)
                .header("Location", "/api/messages/" + r.touchpointId()).build();
    }

    static List<InboundContact.Attachment> files(List<FileRequest> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream().map(f -> {
            try {
                return new InboundContact.Attachment(f.filename(), f.contentType(), Base64.getMimeDecoder().decode(f.data()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("attachments.data", "is not base64");
            }
        }).toList();
    }
}
