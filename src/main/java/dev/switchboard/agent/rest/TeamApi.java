package dev.switchboard.agent.rest;

import dev.switchboard.agent.ServiceTier;
import dev.switchboard.agent.Team;
import dev.switchboard.agent.service.TeamService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the team API. */
public final class TeamApi {

    private TeamApi() {
    }

    /** A team as written by an administrator; the whole record on create and on change. */
    public record TeamRequest(@NotBlank @Size(max = 200) String name,
                              @Schema(description = "FIRST_LINE when absent") ServiceTier serviceTier) {
        TeamService.TeamInput input() {
            return new TeamService.TeamInput(name, serviceTier);
        }
    }

    /** A team as the API shows it. */
    public record TeamView(long id, String name, ServiceTier serviceTier, OffsetDateTime createdAt) {
        static TeamView of(Team t) {
            return new TeamView(t.id, t.name, t.serviceTier, t.createdAt);
        }
    }
}
