package dev.switchboard.channel.email.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.email.service.EmailViews;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The HTML body of a stored email, sanitised, for the console to show beside the touchpoint's text. */
@Scoped(value = ScopedRecord.INTERACTION, param = "interactionId")
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
}
