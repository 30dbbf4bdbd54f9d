package dev.switchboard.channel.fax.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.fax.repository.FaxRepository;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Fax documents that could not be taken in, kept for inspection; the file itself is /api/attachments/{sha256}. */
@Path("/api/channels/fax/rejected")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Fax")
public class FaxRejectedResource {

    private final FaxRepository repository;

    FaxRejectedResource(FaxRepository repository) {
        this.repository = repository;
    }

    @GET
    @Operation(summary = "Rejected fax documents, newest first", description = "Why each was refused (problem and"
            + " reason), who sent it, and the SHA-256 of the kept file (null when it was too large to keep).")
    public Uni<List<FaxRepository.Rejected>> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return repository.rejected(limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One rejected fax document")
    public Uni<FaxRepository.Rejected> one(@RestPath long id) {
        return repository.rejected(id).invoke(r -> {
            if (r == null) {
                throw ProblemException.notFound("Rejected fax", id);
            }
        });
    }
}
