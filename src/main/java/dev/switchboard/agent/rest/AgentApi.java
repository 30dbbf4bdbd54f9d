package dev.switchboard.agent.rest;

import dev.switchboard.agent.Agent;
import dev.switchboard.agent.PhoneKind;
import dev.switchboard.agent.ServiceTier;
import dev.switchboard.agent.service.AgentService;
import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the agent API. */
public final class AgentApi {

    private AgentApi() {
    }

    /** An agent as written by an administrator; the whole record on create and on change. */
    public record AgentRequest(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "The user who signs in as this agent; one agent per user") Long userId,
            Long teamId,
            @Schema(description = "The team's service tier when absent (FIRST_LINE without a team)")
            ServiceTier serviceTier,
            @Schema(description = "Customer tiers the agent may serve; [STANDARD] when absent")
            @Size(min = 1) Set<@NotNull Tier> tierClearance,
            @Schema(description = "Channels the agent handles; every channel but API when absent. SYSTEM is refused.")
            @Size(min = 1) Set<@NotNull Channel> channels,
            @Schema(description = "Weighted capacity; 100 when absent") @Min(1) @Max(1000) Integer capacity,
            @Schema(description = "PJSIP endpoint of the softphone, e.g. PJSIP/agent-17") @Size(max = 200)
            String sipEndpoint,
            @Schema(description = "What the agent's phone is: WEBRTC (the console's softphone in a browser) or SIP"
                    + " (a desk phone or softphone application); WEBRTC when absent") PhoneKind phoneKind,
            @Schema(description = "Skill name to level 1..10; names are compared without regard to case")
            @Size(max = 100) Map<@NotBlank @Size(max = 100) String, @NotNull @Min(1) @Max(10) Integer> skills) {
        AgentService.AgentInput input() {
            return new AgentService.AgentInput(name, userId, teamId, serviceTier, tierClearance, channels, capacity,
                    sipEndpoint, phoneKind, skills);
        }
    }

    /** An agent as the API shows it. */
    public record AgentView(long id, String name, Long userId, Long teamId, ServiceTier serviceTier,
                            Set<Tier> tierClearance, Set<Channel> channels, int capacity, String sipEndpoint,
                            PhoneKind phoneKind, Map<String, Integer> skills, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static AgentView of(Agent a) {
            return new AgentView(a.id, a.name, a.userId, a.teamId, a.serviceTier, a.tierClearance, a.channels,
                    a.capacity, a.sipEndpoint, a.phoneKind, new TreeMap<>(a.skills), a.createdAt, a.updatedAt);
        }
    }
}
