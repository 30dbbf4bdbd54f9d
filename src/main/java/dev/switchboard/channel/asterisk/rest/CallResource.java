package dev.switchboard.channel.asterisk.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.Actor;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.service.CallControls.RecordingAction;
import dev.switchboard.channel.asterisk.service.CallControls.SpyMode;
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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Call controls for the signed-in agent's own calls (and a supervisor's listen, whisper, barge).
 * Each answers 202 once Asterisk took the action; what happens shows in the interaction's touchpoints.
 */
@Scoped(value = ScopedRecord.INTERACTION, param = "interactionId")
@Path("/api/calls/{interactionId}")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Calls")
public class CallResource {

    /** A blind transfer: to a queue and/or one agent through routing, or to an outside number. */
    public record TransferRequest(Long queueId, Long agentId,
                                  @Size(max = 40) @Schema(description = "An outside number (E.164 or national)") String number) {
    }

    /** An attended transfer's consultation with another agent. */
    public record ConsultRequest(@NotNull Long agentId) {
    }

    public record RecordingRequest(@NotNull RecordingAction action) {
    }

    public record MonitorRequest(@NotNull SpyMode mode) {
    }

    private final CallControls controls;
    private final OutboundService outbound;
    private final SecurityIdentity identity;
    private final AsteriskConfig config;

    CallResource(CallControls controls, OutboundService outbound, SecurityIdentity identity, AsteriskConfig config) {
        this.controls = controls;
        this.outbound = outbound;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Path("hangup")
    @Operation(summary = "Hang up the call", description = "Ends the call for everyone on it; the agent wraps up.")
    public Uni<Response> hangup(@RestPath long interactionId) {
        return asAgent(agent -> controls.hangup(agent, interactionId));
    }

    @POST
    @Path("transfer")
    @Operation(summary = "Blind transfer", description = "To a queue and/or one agent (the caller waits on hold, first"
            + " in line, and the agent is free at once) or to an outside number through the trunk.")
    public Uni<Response> transfer(@RestPath long interactionId, @NotNull @Valid TransferRequest request) {
        if (request.number() == null && request.queueId() == null && request.agentId() == null) {
            throw ProblemException.invalid("queueId", "give a queue, an agent or a number");
        }
        return asAgent(agent -> controls.transfer(agent, interactionId, request.queueId(), request.agentId(),
                request.number()));
    }

    @POST
    @Path("consult")
    @Operation(summary = "Attended transfer: consult", description = "Holds the caller and calls another agent from"
            + " the agent's phone. Complete or cancel it next.")
    public Uni<Response> consult(@RestPath long interactionId, @NotNull @Valid ConsultRequest request) {
        return asAgent(agent -> controls.consult(agent, interactionId, request.agentId()));
    }

    @POST
    @Path("consult/complete")
    @Operation(summary = "Attended transfer: complete", description = "The caller is joined to the consulted agent.")
    public Uni<Response> completeConsult(@RestPath long interactionId) {
        return asAgent(agent -> controls.completeConsult(agent, interactionId));
    }

    @POST
    @Path("consult/cancel")
    @Operation(summary = "Attended transfer: cancel", description = "The consulted phone is hung up; back to the caller.")
    public Uni<Response> cancelConsult(@RestPath long interactionId) {
        return asAgent(agent -> controls.cancelConsult(agent, interactionId));
    }

    @POST
    @Path("recording")
    @Operation(summary = "Start, stop, pause or resume recording", description = "Pause while the customer gives a"
            + " card number; the recording's file name is on the RECORDING touchpoints.")
    public Uni<Response> recording(@RestPath long interactionId, @NotNull @Valid RecordingRequest request) {
        return asAgent(agent -> controls.recording(agent, interactionId, request.action()));
    }

    @POST
    @Path("monitor")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Listen, whisper or barge", description = "Rings the supervisor's own softphone and joins it"
            + " to the agent's call (ChanSpy). Audited.")
    public Uni<Response> monitor(@RestPath long interactionId, @NotNull @Valid MonitorRequest request) {
        enabled();
        return outbound.actor(identity).chain(actor -> controls.spy(actor.username(), agentOf(actor), interactionId,
                request.mode())).replaceWith(Response.accepted().build());
    }

    private Uni<Response> asAgent(Function<Long, Uni<Void>> action) {
        enabled();
        return outbound.actor(identity).chain(actor -> action.apply(agentOf(actor)))
                .replaceWith(Response.accepted().build());
    }

    static long agentOf(Actor actor) {
        if (actor.agentId() == null) {
            throw new ProblemException(ProblemType.FORBIDDEN, "You have no agent record, so no calls or phone");
        }
        return actor.agentId();
    }

    private void enabled() {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Telephony is not enabled");
        }
    }
}
