package dev.switchboard.channel.asterisk.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.service.CallControls;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Click-to-call: the agent's softphone rings, then the customer is dialled. */
@Scoped(ScopedRecord.CUSTOMER)
@Path("/api/customers/{id}/calls")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Calls")
public class ClickToCallResource {

    public record CallRequest(@Size(max = 40) @Schema(description = "The number to dial; default: the customer's"
            + " first phone number") String to) {
    }

    private final CallControls controls;
    private final OutboundService outbound;
    private final SecurityIdentity identity;
    private final AsteriskConfig config;

    ClickToCallResource(CallControls controls, OutboundService outbound, SecurityIdentity identity,
                        AsteriskConfig config) {
        this.controls = controls;
        this.outbound = outbound;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Operation(summary = "Call a customer", description = "Opens an outbound VOICE interaction held by the signed-in"
            + " agent, rings the agent's softphone and, once it answers, dials the customer through the trunk.")
    public Uni<Response> call(@RestPath long id, @Valid CallRequest request) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Telephony is not enabled");
        }
        String to = request == null ? null : request.to();
        return outbound.actor(identity).chain(actor -> controls.call(CallResource.agentOf(actor), id, to))
                .map(d -> Response.status(201).entity(d).header("Location", "/api/interactions/" + d.interactionId())
                        .build());
    }
}
