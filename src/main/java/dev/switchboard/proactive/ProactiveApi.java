package dev.switchboard.proactive;

import dev.switchboard.customer.Tier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Requests and answers of the proactive-service API (docs/api.md, docs/marketing.md). */
public final class ProactiveApi {

    /** A security code as the data centre's holdings carry it. */
    public static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,19}";
    /** An asset type as the data centre's holdings carry it. */
    public static final String ASSET_TYPE = "[A-Za-z][A-Za-z0-9_]{0,29}";

    private ProactiveApi() {
    }

    @Schema(description = "One security of a HOLDERS rule and its expected price move in percent (-100 to 1000)")
    public record SecurityMove(@NotBlank @Pattern(regexp = CODE, message = "must be a security code") String code,
                               @NotNull @DecimalMin("-100") @DecimalMax("1000") @Digits(integer = 4, fraction = 4)
                               BigDecimal expectedMovePercent) {
    }

    @Schema(description = "A rule of the impact assessment. HOLDERS: the holders of these codes (securities)."
            + " ASSET_SHARE: customers whose holdings of assetType are above minSharePercent of their portfolio,"
            + " with the type's expectedMovePercent.")
    public record ImpactRule(@NotNull RuleType type,
                             @Size(max = 200) List<@NotNull @Valid SecurityMove> securities,
                             @Pattern(regexp = ASSET_TYPE, message = "must be an asset type") String assetType,
                             @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4)
                             BigDecimal minSharePercent,
                             @DecimalMin("-100") @DecimalMax("1000") @Digits(integer = 4, fraction = 4)
                             BigDecimal expectedMovePercent) {
    }

    @Schema(description = "A market event as research staff record it, with its impact assessment")
    public record CreateEvent(@NotBlank @Size(max = 200) String title, @Size(max = 4000) String description,
                              @NotNull OffsetDateTime occurredAt, @NotNull Severity severity,
                              @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid ImpactRule> impact) {
    }

    public record EventView(long id, String title, String description, Instant occurredAt, Severity severity,
                            List<ImpactRule> impact, String createdBy, Instant createdAt, Instant assessedAt,
                            String assessedBy, Ranking ranking, int targets, Instant startedAt, String startedBy,
                            Long queueId, Instant teamFirstUntil, Instant dueBy) {
    }

    @Schema(description = "The ranking rule a list was made with (switchboard.proactive.*)")
    public record Ranking(Map<String, Double> weights, BigDecimal moneyReference, int recencyDays,
                          Map<Tier, Double> tierFactors, double callFrom, double smsFrom) {
    }

    public record EventPage(int page, int size, long total, List<EventView> items) {
    }

    public record AssessmentView(long eventId, int targets, Instant assessedAt, Ranking ranking, long tookMs) {
    }

    @Schema(description = "One factor of a row's score: its value, the factor (0 to 1), the weight, and the points it gave")
    public record Factor(String factor, String value, double normalised, double weight, double points) {
    }

    @Schema(description = "A position the event touches: a security (kind SECURITY) or the rest of an asset type")
    public record Matched(String kind, String item, BigDecimal value, BigDecimal movePercent) {
    }

    @Schema(description = "How to contact the customer: the channel, the address, and the text in zh-CN and en")
    public record SuggestedAction(SuggestedChannel channel, String address, Map<String, String> text) {
    }

    public record TargetView(long id, long eventId, int rank, long customerId, String customerName, Tier tier,
                             Long advisorTeamId, BigDecimal assets, BigDecimal exposure, BigDecimal impact,
                             BigDecimal share, Instant lastContactAt, BigDecimal score, List<Factor> explanation,
                             List<Matched> matched, SuggestedAction suggestedAction, String state,
                             Long interactionId, Long agentId, Instant assignedAt, Outcome outcome,
                             SuggestedChannel channelUsed, String note, Instant resultAt) {
    }

    public record TargetPage(long eventId, int page, int size, long total, List<TargetView> items) {
    }

    @Schema(description = "Optional: the queue (default: the queue named switchboard.proactive.queue), how long"
            + " only each customer's own advisor team may take its task (ISO-8601, default"
            + " switchboard.proactive.team-first) and when the tasks fall due (default switchboard.proactive.due-within)")
    public record StartRequest(Long queueId, @Size(max = 40) String teamFirst, @Size(max = 40) String dueWithin) {
    }

    public record StartView(long eventId, int tasks, long queueId, Instant teamFirstUntil, Instant dueBy) {
    }

    @Schema(description = "The result of a task: the outcome, the channel actually used (default: the suggested one)"
            + " and a note")
    public record ResultRequest(@NotNull Outcome outcome, SuggestedChannel channelUsed,
                                @Size(max = 2000) String note) {
    }

    @Schema(description = "Reached (ADVISED, ACTION_TAKEN, DECLINED), not reached (NO_ANSWER, LEFT_MESSAGE,"
            + " WRONG_CONTACT) and pending (no result yet), of a group of rows")
    public record Counts(String key, String name, long total, long reached, long notReached, long pending) {
    }

    public record TimePoint(Instant from, long results, long reached, long reachedSoFar) {
    }

    public record ProgressView(long eventId, Instant startedAt, Counts overall, Map<String, Long> byState,
                               Map<String, Long> byOutcome, List<Counts> byTeam, List<Counts> byTier,
                               long bucketSeconds, List<TimePoint> reachedByTime) {
    }
}
