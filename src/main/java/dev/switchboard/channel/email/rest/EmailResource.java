package dev.switchboard.channel.email.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.email.service.EmailViews;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The parts of a stored email the console shows beside the touchpoint: its sanitised HTML and its files. */
@Path("/api/interactions/{interactionId}/touchpoints/{touchpointId}")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Interactions")
public class EmailResource {

    /** Even sanitised mail is shown as an inert document: no scripts, no requests but images, no forms. */
    private static final String CSP = "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; sandbox";

    private final EmailViews views;

    EmailResource(EmailViews views) {
        this.views = views;
    }

    @GET
    @Path("/html")
    @Produces("text/html")
    @Operation(summary = "An email's HTML body, sanitised", description = "Scripts, styles sheets, forms, frames and"
            + " event handlers are removed; inline (cid:) images are embedded. 404 when the touchpoint has no HTML.")
    public Uni<Response> html(@RestPath long interactionId, @RestPath long touchpointId) {
        return views.html(interactionId, touchpointId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("HTML body of touchpoint", touchpointId))
                .map(html -> Response.ok(html, "text/html; charset=UTF-8")
                        .header("Content-Security-Policy", CSP)
                        .header("X-Content-Type-Options", "nosniff").build());
    }

    @GET
    @Path("/attachments/{attachmentId}")
    @Produces("*/*")
    @Operation(summary = "Download one file of a touchpoint", description = "Served as an attachment; types a browser"
            + " would render as a page (HTML, SVG, XML) come as application/octet-stream.")
    public Uni<Response> attachment(@RestPath long interactionId, @RestPath long touchpointId,
                                    @RestPath long attachmentId) {
        return views.attachment(interactionId, touchpointId, attachmentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Attachment", attachmentId))
                .map(d -> Response.ok(d.data(), d.contentType())
                        .header("Content-Disposition", "attachment; filename*=UTF-8''"
                                + URLEncoder.encode(d.filename(), StandardCharsets.UTF_8).replace("+", "%20"))
                        .header("X-Content-Type-Options", "nosniff").build());
    }
}
