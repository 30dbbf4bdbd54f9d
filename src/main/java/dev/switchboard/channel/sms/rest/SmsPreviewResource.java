package dev.switchboard.channel.sms.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsSegments;
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

    /**
     * The figures of a draft.
     *
     * @param encoding  "GSM-7" or "UCS-2"
     * @param units     septets (GSM-7) or UTF-16 code units (UCS-2)
     * @param perPart   units per part at this length (160/153 or 70/67)
     * @param left      units still free in the last part
     * @param fits      whether it fits the most parts allowed ({@code maxSegments}); a longer text is refused
     */
    public record Preview(String encoding, int segments, int units, int perPart, int left, int maxSegments, boolean fits) {
    }

    private final SmsConfig config;

    SmsPreviewResource(SmsConfig config) {
        this.config = config;
    }

    @POST
    @Operation(summary = "Count the parts of a draft SMS", description = "Whether the text goes as GSM-7 (160 characters,"
            + " 153 per part when longer; € [ ] { } | ^ ~ \\ count twice) or UCS-2 (any character outside GSM-7, e.g."
            + " Chinese: 70, then 67 per part), and how many parts it takes. The same figures are stored with the"
            + " message when it is sent.")
    public Preview preview(@NotNull @Valid PreviewRequest request) {
        SmsSegments s = SmsSegments.of(request.text());
        return new Preview(s.encoding().label(), s.segments(), s.units(), s.perPart(), s.left(), config.maxSegments(),
                s.segments() <= config.maxSegments());
    }
}
