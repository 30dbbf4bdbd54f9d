package dev.switchboard.queue.service;

import dev.switchboard.agent.Capabilities;
import dev.switchboard.agent.repository.TeamRepository;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.AnswerTarget;
import dev.switchboard.queue.BusinessHours;
import dev.switchboard.queue.Disposition;
import dev.switchboard.queue.Queue;
import dev.switchboard.queue.QueueConfig;
import dev.switchboard.queue.repository.QueueRepository;
import dev.switchboard.routing.service.AnswerTargetPolicy;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Queues: channels, required skills, answer targets, overflow; every change is audited. */
@ApplicationScoped
public class QueueService {

    /** A queue as written by an administrator. */
    public record QueueInput(String name, Set<Channel> channels, Map<String, Integer> skills,
                             List<AnswerTarget> answerTargets, Long overflowQueueId, List<Long> overflowTeams,
                             String businessHours, List<Long> teams, List<Disposition> dispositions) {
    }

    /** The answer target that applies to one (tier, channel) of a queue, and whether the queue set it. */
    public record EffectiveTarget(Tier tier, Channel channel, long seconds, boolean fromQueue) {
    }

    private static final Comparator<AnswerTarget> TARGET_ORDER =
            Comparator.comparing((AnswerTarget t) -> t.tier).thenComparing(t -> t.channel);

    private final QueueRepository queues;
    private final TeamRepository teams;
    private final AnswerTargetPolicy policy;
    private final AuditLog audit;
    private final List<Disposition> defaultDispositions;

    QueueService(QueueRepository queues, TeamRepository teams, AnswerTargetPolicy policy, AuditLog audit,
                 QueueConfig config) {
        this.defaultDispositions = config.defaultDispositions().orElse(List.of()).stream()
                .map(String::strip).filter(c -> !c.isEmpty()).map(c -> new Disposition(c, null)).toList();
        this.queues = queues;
        this.teams = teams;
        this.policy = policy;
        this.audit = audit;
    }

    /** A wrong default list stops the start, rather than refusing every new queue later. */
    void checkDefaults(@Observes StartupEvent start) {
        try {
            checkedDispositions(defaultDispositions, "switchboard.queues.default-dispositions");
        } catch (ProblemException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @WithTransaction
    public Uni<Queue> create(String actor, QueueInput input) {
        Queue queue = new Queue();
        return apply(queue, input)
                .chain(() -> queues.persistAndFlush(queue))
                .call(q -> audit.record(actor, "queue-created", "queue:" + q.id, snapshot(q)))
                .onFailure(Conflicts::isUniqueViolation).transform(e -> nameTaken(input.name()));
    }

    @WithSession
    public Uni<Queue> get(long id) {
        return queues.findFull(id);
    }

    @WithSession
    public Uni<List<Queue>> list() {
        return queues.listFull();
    }

    /** Replaces the queue's record with the input. */
    @WithTransaction
    public Uni<Queue> update(String actor, long id, QueueInput input) {
        return queues.findFull(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id))
                .call(q -> {
                    Map<String, Object> before = snapshot(q);
                    return apply(q, input).invoke(() -> q.updatedAt = OffsetDateTime.now())
                            .chain(() -> queues.flush())
                            .chain(() -> audit.record(actor, "queue-changed", "queue:" + id,
                                    Map.of("before", before, "after", snapshot(q))));
                })
                .onFailure(Conflicts::isUniqueViolation).transform(e -> nameTaken(input.name()));
    }

    /** Deletes a queue that no other queue overflows into and no interaction was queued in. */
    @WithTransaction
    public Uni<Void> delete(String actor, long id) {
        return queues.findFull(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Queue", id))
                .call(q -> queues.overflowingInto(id).invoke(names -> {
                    if (!names.isEmpty()) {
                        throw new ProblemException(ProblemType.CONFLICT,
                                "Queue(s) " + String.join(", ", names) + " overflow into queue " + id);
                    }
                }))
                .call(q -> queues.delete(q).chain(queues::flush))
                .call(q -> audit.record(actor, "queue-deleted", "queue:" + id, snapshot(q)))
                .onFailure(e -> Conflicts.sqlState(e, "23503")).transform(e -> new ProblemException(
                        ProblemType.CONFLICT, "Queue " + id + " has interactions"))
                .replaceWithVoid();
    }

    /**
     * The answer target of every customer tier on every channel of the queue: the queue's own
     * where it sets one, the configured default otherwise.
     */
    public List<EffectiveTarget> effectiveTargets(Queue queue) {
        List<EffectiveTarget> result = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            for (Channel channel : queue.channels) {
                result.add(queue.answerTargets.stream().filter(t -> t.tier == tier && t.channel == channel).findFirst()
                        .map(t -> new EffectiveTarget(tier, channel, t.targetSeconds, true))
                        .orElseGet(() -> new EffectiveTarget(tier, channel,
                                policy.defaultTarget(tier, channel).toSeconds(), false)));
            }
        }
        return result;
    }

    /** The queue's own answer targets in (tier, channel) order. */
    public static List<AnswerTarget> sortedTargets(Queue queue) {
        return queue.answerTargets.stream().sorted(TARGET_ORDER).toList();
    }

    /** Checks the input's rules and references and copies it onto the queue. */
    private Uni<Void> apply(Queue queue, QueueInput in) {
        Capabilities.requireContactChannels(in.channels(), "channels");
        if (in.channels() == null || in.channels().isEmpty()) {
            throw ProblemException.invalid("channels", "must name at least one channel");
        }
        Map<String, Integer> skills = Capabilities.skills(in.skills(), "skills");
        List<AnswerTarget> targets = in.answerTargets() == null ? List.of() : in.answerTargets();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            AnswerTarget t = targets.get(i);
            if (!in.channels().contains(t.channel)) {
                throw ProblemException.invalid("answerTargets[" + i + "].channel", "is not a channel of this queue");
            }
            if (!seen.add(t.tier + "/" + t.channel)) {
                throw ProblemException.invalid("answerTargets[" + i + "]", "repeats " + t.tier + " " + t.channel);
            }
        }
        List<Long> overflowTeams = in.overflowTeams() == null ? List.of() : List.copyOf(in.overflowTeams());
        if (new HashSet<>(overflowTeams).size() < overflowTeams.size()) {
            throw ProblemException.invalid("overflowTeams", "names a team twice");
        }
        List<Disposition> dispositions = in.dispositions() != null
                ? checkedDispositions(in.dispositions(), "dispositions")
                // A new field: a client that does not send it keeps what the queue has (a new queue: the default).
                : queue.id == null ? defaultDispositions
                : queue.dispositions == null ? List.of() : List.copyOf(queue.dispositions);
        List<Long> ownTeams = in.teams() == null ? List.of() : List.copyOf(in.teams());
        if (new HashSet<>(ownTeams).size() < ownTeams.size()) {
            throw ProblemException.invalid("teams", "names a team twice");
        }
        return checkOverflowQueue(queue.id, in.overflowQueueId())
                .chain(() -> checkNameFree(in.name().strip(), queue.id))
                .chain(() -> overflowTeams.isEmpty() ? Uni.createFrom().voidItem()
                        : teams.missing(overflowTeams).invoke(missing -> {
                            if (!missing.isEmpty()) {
                                int i = overflowTeams.indexOf(missing.get(0));
                                throw ProblemException.invalid("overflowTeams[" + i + "]",
                                        "team " + missing.get(0) + " does not exist");
                            }
                        }).replaceWithVoid())
                .chain(() -> ownTeams.isEmpty() ? Uni.createFrom().voidItem()
                        : teams.missing(ownTeams).invoke(missing -> {
                            if (!missing.isEmpty()) {
                                int i = ownTeams.indexOf(missing.get(0));
                                throw ProblemException.invalid("teams[" + i + "]",
                                        "team " + missing.get(0) + " does not exist");
                            }
                        }).replaceWithVoid())
                .invoke(() -> {
                    queue.name = in.name().strip();
                    EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
                    channels.addAll(in.channels());
                    queue.channels = channels;
                    queue.skills.clear();
                    queue.skills.putAll(skills);
                    queue.answerTargets.clear();
                    targets.forEach(t -> queue.answerTargets.add(new AnswerTarget(t.tier, t.channel, t.targetSeconds)));
                    queue.overflowQueueId = in.overflowQueueId();
                    queue.overflowTeams = overflowTeams;
                    queue.teams = ownTeams;
                    queue.dispositions = new ArrayList<>(dispositions);
                    queue.businessHours = in.businessHours() == null || in.businessHours().isBlank() ? null
                            : checkedHours(in.businessHours().strip());
                });
    }

    private static List<Disposition> checkedDispositions(List<Disposition> list, String field) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String code = list.get(i).code();
            if (!Disposition.isCode(code)) {
                throw ProblemException.invalid(field + "[" + i + "].code", "must be 1 to 100 letters, digits or"
                        + " . _ : -, starting with a letter or digit");
            }
            if (!seen.add(code)) {
                throw ProblemException.invalid(field + "[" + i + "].code", "repeats '" + code + "'");
            }
        }
        return List.copyOf(list);
    }

    private static String checkedHours(String text) {
        try {
            BusinessHours.parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("businessHours", e.getMessage() + " (e.g. 'Mon-Fri 09:00-18:00, Sat 09:00-12:00"
                    + " Asia/Shanghai', or '24/7')");
        }
    }

    /** The overflow queue must exist, and following overflows from it must never lead back to this queue. */
    private Uni<Void> checkOverflowQueue(Long self, Long overflowId) {
        if (overflowId == null) {
            return Uni.createFrom().voidItem();
        }
        if (overflowId.equals(self)) {
            throw ProblemException.invalid("overflowQueueId", "a queue cannot overflow into itself");
        }
        return queues.findById(overflowId).chain(next -> {
            if (next == null) {
                throw ProblemException.invalid("overflowQueueId", "queue " + overflowId + " does not exist");
            }
            return self == null ? Uni.createFrom().voidItem() : followOverflow(self, next.overflowQueueId, new HashSet<>());
        });
    }

    private Uni<Void> followOverflow(long self, Long next, Set<Long> visited) {
        if (next == null || !visited.add(next)) {
            return Uni.createFrom().voidItem();
        }
        if (next == self) {
            throw ProblemException.invalid("overflowQueueId", "would make the overflow go round in a circle");
        }
        return queues.findById(next).chain(q -> q == null ? Uni.createFrom().voidItem()
                : followOverflow(self, q.overflowQueueId, visited));
    }

    private Uni<Void> checkNameFree(String name, Long self) {
        return queues.findByName(name).invoke(existing -> {
            if (existing != null && !existing.id.equals(self)) {
                throw nameTaken(name);
            }
        }).replaceWithVoid();
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(ProblemType.CONFLICT, "A queue named '" + name.strip() + "' exists already");
    }

    private static Map<String, Object> snapshot(Queue q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", q.name);
        m.put("channels", q.channels.stream().map(Enum::name).toList());
        m.put("skills", new TreeMap<>(q.skills));
        m.put("answerTargets", sortedTargets(q).stream()
                .map(t -> t.tier + "/" + t.channel + "=" + t.targetSeconds + "s").toList());
        m.put("overflowQueueId", q.overflowQueueId);
        m.put("overflowTeams", q.overflowTeams);
        m.put("teams", q.teams);
        m.put("businessHours", q.businessHours);
        m.put("dispositions", q.dispositions == null ? List.of() : List.copyOf(q.dispositions));
        return m;
    }
}
