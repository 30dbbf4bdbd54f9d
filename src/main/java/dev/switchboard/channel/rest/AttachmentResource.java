package dev.switchboard.channel.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Stored files, by their SHA-256. */
@Path("/api/attachments")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Messages")
public class AttachmentResource {

    private final OutboundService outbound;

    AttachmentResource(OutboundService outbound) {
        this.outbound = outbound;
    }

    @GET
    @Path("/{sha256}")
    @Operation(summary = "Download an attachment", description = "Files are stored by their SHA-256, which the"
            + " touchpoint's data lists; served as a download, never rendered inline.")
    @Scoped(value = ScopedRecord.ATTACHMENT, param = "sha256")
    public Uni<Response> attachment(@RestPath @Pattern(regexp = "[0-9a-f]{64}") String sha256) {
        return outbound.file(sha256).map(f -> {
            if (f == null) {
                throw ProblemException.notFound("Attachment", sha256);
            }
            String name = f.filename() == null ? sha256 : f.filename().replaceAll("[^\\w.\\- ]", "_");
            return Response.ok(f.data(), f.contentType() == null ? "application/octet-stream" : f.contentType())
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                    .header("X-Content-Type-Options", "nosniff").build();
        });
    }
}
