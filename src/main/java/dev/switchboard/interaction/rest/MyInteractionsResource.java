package dev.switchboard.interaction.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.AgentWorkItem;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.service.InteractionService;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The signed-in agent's own work list. Under {@code /api/agents/me} beside the agent record and the
 * softphone: it belongs to the caller, answers 404 like {@code GET /api/agents/me} for a user without an
 * agent record, and takes no agentId that a client could set to read another agent's list.
 */
@Path("/api/agents/me/interactions")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Interactions")
public class MyInteractionsResource {

    /** The latest touchpoint of an interaction, for a list line. */
    public record LastTouchpoint(OffsetDateTime at, String kind,
                                 @Schema(description = "The start of its content, whitespace collapsed; null when"
                                         + " it has none") String preview) {
    }

    /** One line of the agent's work list. */
    public record MyInteractionView(long id, Channel channel, Direction direction, InteractionState state,
                                    long customerId, String customerName, Tier customerTier, Long queueId,
                                    @Schema(description = "The interaction's agent now; another agent's id or null"
                                            + " when this agent handed it on") Long agentId,
                                    OffsetDateTime createdAt, OffsetDateTime answeredAt, OffsetDateTime endedAt,
                                    String disposition, LastTouchpoint lastTouchpoint) {
        static MyInteractionView of(AgentWorkItem w) {
            return new MyInteractionView(w.id(), w.channel(), w.direction(), w.state(), w.customerId(),
                    w.customerName(), w.customerTier(), w.queueId(), w.agentId(), w.createdAt(), w.answeredAt(),
                    w.endedAt(), w.disposition(), w.lastTouchpointAt() == null ? null
                            : new LastTouchpoint(w.lastTouchpointAt(), w.lastTouchpointKind(),
                                    preview(w.lastTouchpointContent())));
        }
    }

    /** One page of the agent's work list. */
    public record MyInteractionPage(List<MyInteractionView> items, int page, int size, long total) {
    }

    /** What a list line shows of a touchpoint's content. */
    static final int PREVIEW = 120;

    private final InteractionService interactions;
    private final JsonWebToken jwt;

    MyInteractionsResource(InteractionService interactions, JsonWebToken jwt) {
        this.interactions = interactions;
        this.jwt = jwt;
    }

    @GET
    @Operation(summary = "The signed-in agent's interactions", description = "The interactions the caller's agent"
            + " holds or held (it is their agent, or it accepted them and handed them on), latest activity (last"
            + " touchpoint) first, as a page object `{items, page, size, total}`; each line with the customer's name"
            + " and tier and the last touchpoint's time, kind and the start of its content. `state` and `channel`"
            + " may be repeated or comma-separated. 404 when the user is not linked to an agent.")
    public Uni<MyInteractionPage> mine(
            @Parameter(description = "NEW, QUEUED, OFFERED, ACTIVE, WRAP_UP, CLOSED, ABANDONED or FAILED; repeat or"
                    + " comma-separate for several") @RestQuery List<String> state,
            @Parameter(description = "VOICE, VOIP, FAX, EMAIL, CHAT, SMS or API; repeat or comma-separate for"
                    + " several") @RestQuery List<String> channel,
            @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
            @Parameter(description = "Default 20") @RestQuery @Min(1) @Max(InteractionResource.MAX_PAGE_SIZE)
            Integer size) {
        var filter = InteractionResource.filter(null, null, null, channel, state, null, null, null);
        int pageSize = InteractionResource.pageSize(size);
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException e) {
            throw notAnAgent();
        }
        return interactions.workOfUser(userId, filter, page, pageSize).onItem().ifNull().failWith(this::notAnAgent)
                .map(p -> new MyInteractionPage(p.items().stream().map(MyInteractionView::of).toList(), p.page(),
                        p.size(), p.total()));
    }

    private ProblemException notAnAgent() {
        return new ProblemException(ProblemType.NOT_FOUND, "You are not linked to an agent");
    }

    private static String preview(String content) {
        if (content == null) {
            return null;
        }
        String flat = content.replaceAll("\\s+", " ").strip();
        if (flat.isEmpty()) {
            return null;
        }
        return flat.length() <= PREVIEW ? flat : flat.substring(0, PREVIEW - 1).stripTrailing() + "…";
    }
}
