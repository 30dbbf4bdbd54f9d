package dev.switchboard.channel.fax.rest;

import dev.switchboard.channel.fax.FaxReception;
import dev.switchboard.channel.fax.ReceivedFax;
import dev.switchboard.channel.fax.service.FaxCallbackGuard;
import dev.switchboard.channel.fax.service.FaxIntake;
import dev.switchboard.channel.fax.service.Workers;
import dev.switchboard.platform.problem.GatewayInput;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The URL a fax gateway uploads received faxes to: HylaFAX's faxrcvd hook (channels/fax/faxrcvd) or a fax
 * provider's webhook. Not behind the bearer token: {@link FaxCallbackGuard} checks the source address and the
 * shared secret. Answers 2xx only once the fax is committed, so the hook retries anything not stored, and a
 * retry with the same jobId writes nothing.
 */
@Path("/api/channels/fax")
@PermitAll
@GatewayInput
@Tag(name = "Fax")
public class FaxInboundResource {

    private final FaxCallbackGuard guard;
    private final FaxIntake intake;

    FaxInboundResource(FaxCallbackGuard guard, FaxIntake intake) {
        this.guard = guard;
        this.intake = intake;
    }

    @POST
    @Path("/inbound")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A received fax from the fax gateway", description = "multipart/form-data: file (TIFF or"
            + " PDF), from (the sender's fax number), jobId (the gateway's id, the idempotency key), and optionally to,"
            + " pages (pages the gateway counted), status (the gateway's result, e.g. SUCCESS or FAILED), error,"
            + " remoteStationId. Header X-Switchboard-Secret. 201 with the interaction once stored and routed; 200 for"
            + " a jobId seen before. A partial reception is stored with the pages that arrived (status PARTIAL)."
            + " 401 without the right secret, 403 from an address outside switchboard.channels.fax.allowed-sources,"
            + " 413 too large (size, pages or pixels), 415 neither TIFF nor PDF, 422 damaged: the file is kept for"
            + " inspection in either case.")
    public Uni<Response> inbound(@RestForm("file") FileUpload file, @RestForm String from, @RestForm String to,
                                 @RestForm String jobId, @RestForm String pages, @RestForm String status,
                                 @RestForm String error, @RestForm String remoteStationId,
                                 @HeaderParam("X-Switchboard-Secret") String secret,
                                 @Context HttpServerRequest request) {
        guard.check(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), secret);
        String job = required("jobId", jobId);
        String sender = required("from", from);
        Integer expected = number("pages", pages);
        if (file == null && !"FAILED".equalsIgnoreCase(status)) {
            throw ProblemException.invalid("file", "is required (only a reception with status FAILED may come without)");
        }
        String name = file == null ? null : file.fileName();
        if (file != null && file.size() > intake.maxBytes()) {
            return intake.refuseTooLarge(new ReceivedFax("http", job, sender, to, name, null, expected,
                    blankToNull(status), blankToNull(error), blankToNull(remoteStationId)), file.size())
                    .map(r -> Response.ok(r).build());
        }
        Uni<byte[]> document = file == null ? Uni.createFrom().nullItem()
                : Workers.offload(() -> Files.readAllBytes(file.uploadedFile()));
        return document.flatMap(bytes -> intake.receive(new ReceivedFax("http", job, sender, to, name, bytes,
                        expected, blankToNull(status), blankToNull(error), blankToNull(remoteStationId))))
                .map(r -> Response.status(r.created() ? 201 : 200).entity(r).build());
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required");
        }
        if (value.length() > 200) {
            throw ProblemException.invalid(name, "must be at most 200 characters");
        }
        return value.strip();
    }

    private static Integer number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0) {
                throw ProblemException.invalid(name, "must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a number");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
