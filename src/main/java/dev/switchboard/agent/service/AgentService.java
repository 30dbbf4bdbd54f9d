package dev.switchboard.agent.service;

import dev.switchboard.agent.Agent;
import dev.switchboard.agent.AgentHook;
import dev.switchboard.agent.ServiceTier;
import dev.switchboard.agent.Capabilities;
import dev.switchboard.agent.PhoneKind;
import dev.switchboard.agent.repository.AgentRepository;
import dev.switchboard.agent.repository.TeamRepository;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.auth.repository.UserRepository;
import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Agents: their team, tiers, channels, capacity and skills; every change is audited. */
@ApplicationScoped
public class AgentService {

    /**
     * An agent as written by an administrator. Null fields take their defaults: the team's service
     * tier (first line without a team), Standard clearance, every channel but API, capacity 100.
     */
    public record AgentInput(String name, Long userId, Long teamId, ServiceTier serviceTier, Set<Tier> tierClearance,
                             Set<Channel> channels, Integer capacity, String sipEndpoint, PhoneKind phoneKind,
                             Map<String, Integer> skills) {
    }

    private final AgentRepository agents;
    private final TeamRepository teams;
    private final UserRepository users;
    private final AuditLog audit;
    private final Instance<AgentHook> hooks;

    AgentService(AgentRepository agents, TeamRepository teams, UserRepository users, AuditLog audit,
                 Instance<AgentHook> hooks) {
        this.hooks = hooks;
        this.agents = agents;
        this.teams = teams;
        this.users = users;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Agent> create(String actor, AgentInput input) {
        Agent agent = new Agent();
        return apply(agent, input)
                .chain(() -> agents.persistAndFlush(agent))
                .call(a -> audit.record(actor, "agent-created", "agent:" + a.id, snapshot(a)))
                .call(a -> each(hook -> hook.agentSaved(a, null, true)))
                .onFailure(Conflicts::isUniqueViolation).transform(e -> userTaken(input.userId()));
    }

    @WithSession
    public Uni<Agent> get(long id) {
        return agents.findWithSkills(id);
    }

    /** The agent the user signs in as, or a null item. */
    @WithSession
    public Uni<Agent> forUser(long userId) {
        return agents.findByUserId(userId);
    }

    @WithSession
    public Uni<List<Agent>> list(Long teamId) {
        return agents.listWithSkills(teamId);
    }

    /** Replaces the agent's record with the input. */
    @WithTransaction
    public Uni<Agent> update(String actor, long id, AgentInput input) {
        return agents.findWithSkills(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Agent", id))
                .call(a -> {
                    Map<String, Object> before = snapshot(a);
                    String endpointBefore = a.sipEndpoint;
                    return apply(a, input).invoke(() -> a.updatedAt = OffsetDateTime.now())
                            .chain(() -> agents.flush())
                            .chain(() -> audit.record(actor, "agent-changed", "agent:" + id,
                                    Map.of("before", before, "after", snapshot(a))))
                            .chain(() -> each(hook -> hook.agentSaved(a, endpointBefore, false)));
                })
                .onFailure(Conflicts::isUniqueViolation).transform(e -> userTaken(input.userId()));
    }

    /** Deletes an agent that no interaction, touchpoint or service request refers to. */
    @WithTransaction
    public Uni<Void> delete(String actor, long id) {
        return agents.findWithSkills(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Agent", id))
                .call(a -> agents.delete(a).chain(agents::flush))
                .call(a -> audit.record(actor, "agent-deleted", "agent:" + id, snapshot(a)))
                .call(a -> each(hook -> hook.agentDeleted(a)))
                .onFailure(e -> Conflicts.sqlState(e, "23503")).transform(e -> new ProblemException(
                        ProblemType.CONFLICT, "Agent " + id + " has handled interactions or owns service requests"))
                .replaceWithVoid();
    }

    /** Lets other features follow the change inside its transaction. */
    private Uni<Void> each(java.util.function.Function<AgentHook, Uni<Void>> call) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (AgentHook hook : hooks) {
            all = all.chain(() -> call.apply(hook));
        }
        return all;
    }

    /** Checks the input's references and copies it onto the agent. */
    private Uni<Void> apply(Agent agent, AgentInput in) {
        Capabilities.requireContactChannels(in.channels(), "channels");
        if (in.tierClearance() != null && in.tierClearance().isEmpty()) {
            throw ProblemException.invalid("tierClearance", "must name at least one customer tier");
        }
        if (in.channels() != null && in.channels().isEmpty()) {
            throw ProblemException.invalid("channels", "must name at least one channel");
        }
        Map<String, Integer> skills = Capabilities.skills(in.skills(), "skills");
        Uni<ServiceTier> teamTier = in.teamId() == null ? Uni.createFrom().item(ServiceTier.FIRST_LINE)
                : teams.findById(in.teamId()).map(team -> {
                    if (team == null) {
                        throw ProblemException.invalid("teamId", "team " + in.teamId() + " does not exist");
                    }
                    return team.serviceTier;
                });
        Uni<Void> userFree = in.userId() == null ? Uni.createFrom().voidItem()
                : users.findById(in.userId()).chain(user -> {
                    if (user == null) {
                        throw ProblemException.invalid("userId", "user " + in.userId() + " does not exist");
                    }
                    return agents.findByUserId(in.userId());
                }).invoke(other -> {
                    if (other != null && !other.id.equals(agent.id)) {
                        throw userTaken(in.userId());
                    }
                }).replaceWithVoid();
        return teamTier.call(() -> userFree).invoke(tier -> {
            agent.name = in.name().strip();
            agent.userId = in.userId();
            agent.teamId = in.teamId();
            agent.serviceTier = in.serviceTier() != null ? in.serviceTier() : tier;
            agent.tierClearance = in.tierClearance() != null ? copy(in.tierClearance(), Tier.class)
                    : EnumSet.of(Tier.STANDARD);
            agent.channels = copy(in.channels() != null ? in.channels() : Agent.DEFAULT_CHANNELS, Channel.class);
            agent.capacity = in.capacity() != null ? in.capacity() : Agent.DEFAULT_CAPACITY;
            agent.sipEndpoint = in.sipEndpoint() == null || in.sipEndpoint().isBlank() ? null : in.sipEndpoint().strip();
            agent.phoneKind = in.phoneKind() != null ? in.phoneKind() : PhoneKind.WEBRTC;
            agent.skills.clear();
            agent.skills.putAll(skills);
        }).replaceWithVoid();
    }

    private static <E extends Enum<E>> EnumSet<E> copy(Set<E> values, Class<E> type) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(values);
        return copy;
    }

    private static ProblemException userTaken(Long userId) {
        return new ProblemException(ProblemType.CONFLICT, "User " + userId + " is linked to another agent already");
    }

    private static Map<String, Object> snapshot(Agent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name);
        m.put("userId", a.userId);
        m.put("teamId", a.teamId);
        m.put("serviceTier", a.serviceTier.name());
        m.put("tierClearance", a.tierClearance.stream().map(Enum::name).toList());
        m.put("channels", a.channels.stream().map(Enum::name).toList());
        m.put("capacity", a.capacity);
        m.put("sipEndpoint", a.sipEndpoint);
        m.put("phoneKind", a.phoneKind.name());
        m.put("skills", new TreeMap<>(a.skills));
        return m;
    }
}
