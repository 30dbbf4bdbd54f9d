package dev.switchboard.channel.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.repository.OutboundRepository.MessageStatus;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** One message out: its delivery status, and delivery reports from the systems that took it. */
@Scoped(value = ScopedRecord.TOUCHPOINT, param = "touchpointId")
@Path("/api/messages")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Messages")
public class MessageResource {

    /** A delivery report from the system that took the message (the API channel's webhook receiver). */
    public record StatusReport(@NotNull DeliveryStatus status, @Size(max = 1000) String reason) {
    }

    /** Whether the report changed the message's status. */
    public record StatusApplied(boolean applied) {
    }

    private final OutboundService outbound;

    MessageResource(OutboundService outbound) {
        this.outbound = outbound;
    }

    @GET
    @Path("/{touchpointId}")
    @Operation(summary = "The delivery status of one message out", description = "Status, attempts, next attempt,"
            + " the gateway's reference and the last reason.")
    public Uni<MessageStatus> message(@RestPath long touchpointId) {
        return outbound.status(touchpointId).invoke(s -> {
            if (s == null) {
                throw ProblemException.notFound("Message", touchpointId);
            }
        });
    }

    @POST
    @Path("/{touchpointId}/status")
    @Operation(summary = "Report a message's delivery", description = "For systems that take messages out (the API"
            + " channel's webhook): SENT, DELIVERED or FAILED with a reason. Statuses only move forward; a repeat or"
            + " a step back answers applied=false and records nothing.")
    public Uni<StatusApplied> report(@RestPath long touchpointId, @NotNull @Valid StatusReport report) {
        if (report.status() == DeliveryStatus.QUEUED || report.status() == DeliveryStatus.RETRYING) {
            throw ProblemException.invalid("status", "must be SENT, DELIVERED or FAILED");
        }
        return outbound.status(touchpointId).flatMap(s -> {
            if (s == null) {
                throw ProblemException.notFound("Message", touchpointId);
            }
            return outbound.recordStatus(touchpointId, report.status(), report.reason(), null);
        }).map(StatusApplied::new);
    }
}
