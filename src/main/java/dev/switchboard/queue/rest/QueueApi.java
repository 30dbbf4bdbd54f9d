package dev.switchboard.queue.rest;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.queue.AnswerTarget;
import dev.switchboard.queue.Disposition;
import dev.switchboard.queue.Queue;
import dev.switchboard.queue.service.QueueService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the queue API. */
public final class QueueApi {

    /** Answer targets are capped at a week; anything longer is not a target. */
    static final int MAX_TARGET_SECONDS = 7 * 24 * 3600;

    private QueueApi() {
    }

    /** How soon to answer a contact of one tier on one channel, in seconds. */
    public record AnswerTargetBody(@NotNull Tier tier, @NotNull Channel channel,
                                   @NotNull @Min(1) @Max(MAX_TARGET_SECONDS) Integer seconds) {
        AnswerTarget target() {
            return new AnswerTarget(tier, channel, seconds);
        }

        static AnswerTargetBody of(AnswerTarget t) {
            return new AnswerTargetBody(t.tier, t.channel, t.targetSeconds);
        }
    }

    /** An outcome agents may give at wrap-up: a code, and labels per language for the console. */
    public record DispositionBody(
            @Schema(description = "Stored as the interaction's disposition; letters, digits and . _ : -",
                    example = "complaint-logged")
            @NotBlank @Size(max = Disposition.MAX_LENGTH) @Pattern(regexp = Disposition.CODE_PATTERN) String code,
            @Schema(description = "Language tag to label, e.g. {\"zh-CN\": \"已登记投诉\","
                    + " \"en\": \"Complaint logged\"}")
            @Size(max = 20) Map<@NotNull @Pattern(regexp = Disposition.LANGUAGE_PATTERN) String,
                    @NotBlank @Size(max = 200) String> labels) {
        Disposition disposition() {
            return new Disposition(code, labels);
        }

        static DispositionBody of(Disposition d) {
            return new DispositionBody(d.code(), new TreeMap<>(d.labels()));
        }
    }

    /** A queue as written by an administrator; the whole record on create and on change. */
    public record QueueRequest(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "Channels the queue takes work from; SYSTEM is refused")
            @NotEmpty Set<@NotNull Channel> channels,
            @Schema(description = "Skill name to the minimum level 1..10 an agent needs")
            @Size(max = 100) Map<@NotBlank @Size(max = 100) String, @NotNull @Min(1) @Max(10) Integer> skills,
            @Schema(description = "This queue's own targets; one per (tier, channel), channel among the queue's")
            @Size(max = 100) List<@NotNull @Valid AnswerTargetBody> answerTargets,
            @Schema(description = "Queue that takes the work when this one overflows") Long overflowQueueId,
            @Schema(description = "Teams whose agents may take overflow work, in order of preference")
            @Size(max = 40) List<@NotNull Long> overflowTeams,
            @Schema(description = "Opening hours: day or day range and one time span each, time zone last (UTC if"
                    + " left out); 24/7 or empty: always", example = "Mon-Fri 09:00-18:00, Sat 09:00-12:00 Asia/Shanghai")
            @Size(max = 500) String businessHours,
            @Schema(description = "Teams whose agents serve the queue; empty or absent means every team")
            @Size(max = 40) List<@NotNull Long> teams,
            @Schema(description = "Outcomes agents may give at wrap-up, in display order; a wrap-up or close with"
                    + " another disposition is refused. [] accepts any. Absent: on create the configured default"
                    + " (switchboard.queues.default-dispositions), on replace the queue keeps its list.")
            @Size(max = 100) List<@NotNull @Valid DispositionBody> dispositions) {
        QueueService.QueueInput input() {
            return new QueueService.QueueInput(name, channels, skills,
                    answerTargets == null ? null : answerTargets.stream().map(AnswerTargetBody::target).toList(),
                    overflowQueueId, overflowTeams, businessHours, teams,
                    dispositions == null ? null : dispositions.stream().map(DispositionBody::disposition).toList());
        }
    }

    /** The answer target that applies to a (tier, channel); source QUEUE when the queue sets it, else DEFAULT. */
    public record EffectiveTargetView(Tier tier, Channel channel, long seconds, String source) {
        static EffectiveTargetView of(QueueService.EffectiveTarget t) {
            return new EffectiveTargetView(t.tier(), t.channel(), t.seconds(), t.fromQueue() ? "QUEUE" : "DEFAULT");
        }
    }

    /** A queue as the API shows it. */
    public record QueueView(long id, String name, Set<Channel> channels, Map<String, Integer> skills,
                            List<AnswerTargetBody> answerTargets,
                            @Schema(description = "Every tier on every channel of the queue, defaults filled in")
                            List<EffectiveTargetView> effectiveAnswerTargets,
                            Long overflowQueueId, List<Long> overflowTeams, String businessHours,
                            List<Long> teams,
                            @Schema(description = "Outcomes agents may give at wrap-up; empty accepts any")
                            List<DispositionBody> dispositions,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static QueueView of(Queue q, List<QueueService.EffectiveTarget> effective) {
            return new QueueView(q.id, q.name, q.channels, new TreeMap<>(q.skills),
                    QueueService.sortedTargets(q).stream().map(AnswerTargetBody::of).toList(),
                    effective.stream().map(EffectiveTargetView::of).toList(),
                    q.overflowQueueId, q.overflowTeams, q.businessHours, q.teams, dispositions(q),
                    q.createdAt, q.updatedAt);
        }

        static List<DispositionBody> dispositions(Queue q) {
            return q.dispositions == null ? List.of() : q.dispositions.stream().map(DispositionBody::of).toList();
        }
    }
}
