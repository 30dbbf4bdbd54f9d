package dev.switchboard.channel.sms.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsPreview;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a draft SMS will cost, for the agent's composer: encoding and number of parts. */
@Path("/api/channels/sms/preview")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "SMS")
public class SmsPreviewResource {

    /** A draft text. */
    public record PreviewRequest(@NotNull @Size(max = 10000) String text) {
    }

    private final SmsConfig config;

    SmsPreviewResource(SmsConfig config) {
        this.config = config;
    }

    @POST
    @Operation(summary = "Count the parts of a draft SMS", description = "Whether the text goes as GSM-7 (160 characters,"
            + " 153 per part when longer; € [ ] { } | ^ ~ \\ count twice) or UCS-2 (any character outside GSM-7, e.g."
            + " Chinese: 70, then 67 per part), and how many parts it takes. The same figures are stored with the"
            + " message when it is sent. The agent socket answers the frame sms-preview the same way.")
    public SmsPreview preview(@NotNull @Valid PreviewRequest request) {
        return SmsPreview.of(request.text(), config.maxSegments());
    }
}
