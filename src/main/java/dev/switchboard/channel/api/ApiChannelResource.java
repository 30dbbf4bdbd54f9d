package dev.switchboard.channel.api;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API channel: any system can report a contact over HTTP. It is also the core path every
 * channel adapter uses, so what works here works for every channel.
 */
@Path("/api/contacts")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Contacts")
public class ApiChannelResource {

    /** The address the contact came from. */
    public record ContactPointRef(@NotNull ContactPointType type, @NotBlank @Size(max = 320) String value) {
    }

    /** A file, base64-encoded. */
    public record AttachmentRequest(@NotBlank @Size(max = 300) String filename,
                                    @NotBlank @Size(max = 200) String contentType,
                                    @NotBlank String data) {
    }

    /** An inbound (or outbound) contact. */
    public record ContactRequest(Channel channel, @NotNull @Valid ContactPointRef contactPoint, Direction direction,
                                 String message, @Size(max = 200) String name, @Size(max = 200) String place,
                                 @Size(max = 500) String externalKey, @Size(max = 200) String idempotencyKey,
                                 List<@NotNull @Valid AttachmentRequest> attachments,
                                 @Schema(description = "Route a newly opened interaction to this queue") Long queueId) {
    }

    private final ContactIngestService ingest;
    private final RoutingService routing;

    ApiChannelResource(ContactIngestService ingest, RoutingService routing) {
        this.ingest = ingest;
        this.routing = routing;
    }

    @POST
    @Operation(summary = "Report a contact", description = "Resolves the customer by contact point (an unknown"
            + " sender gets a provisional customer), continues the open interaction of that customer and channel or"
            + " opens one, and appends the touchpoint, in one transaction. Send an idempotency key (header"
            + " Idempotency-Key or field idempotencyKey): a repeat returns the first result with 200 and writes nothing."
            + " With queueId, a newly opened interaction is handed to routing in that queue.")
    public Uni<Response> report(@NotNull @Valid ContactRequest request,
                                @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyHeader) {
        String key = idempotencyHeader != null ? idempotencyHeader : request.idempotencyKey();
        List<InboundContact.Attachment> attachments = request.attachments() == null ? List.of()
                : request.attachments().stream().map(ApiChannelResource::decode).toList();
        InboundContact contact = InboundContact.of(request.channel() == null ? Channel.API : request.channel(),
                        request.contactPoint().type(), request.contactPoint().value())
                .direction(request.direction() == null ? Direction.INBOUND : request.direction())
                .key(key).externalKey(request.externalKey()).content(request.message()).place(request.place())
                .name(request.name()).attachments(attachments).build();
        Uni<Void> queueKnown = request.queueId() == null ? Uni.createFrom().voidItem()
                : routing.queue(request.queueId()).invoke(q -> {
                    if (q == null) {
                        throw ProblemException.invalid("queueId", "queue " + request.queueId() + " does not exist");
                    }
                }).replaceWithVoid();
        return queueKnown.chain(() -> request.queueId() == null ? ingest.ingest(contact)
                        : ingest.ingestAndRoute(contact, request.queueId()))
                .call(result -> result.created() ? Uni.createFrom().voidItem()
                        : ingest.sameAsStored(result, contact).invoke(same -> {
                            if (!same) {
                                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "Idempotency key '" + key
                                        + "' was used for another contact; send this one with a key of its own");
                            }
                        }))
                .map(result -> Response.status(result.created() ? 201 : 200)
                .entity(result).header("Location", "/api/interactions/" + result.interactionId()).build());
    }

    private static InboundContact.Attachment decode(AttachmentRequest a) {
        try {
            return new InboundContact.Attachment(a.filename(), a.contentType(), Base64.getMimeDecoder().decode(a.data()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("attachments.data", "is not base64");
        }
    }

}
