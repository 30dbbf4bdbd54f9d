package dev.switchboard.agent.service;

import dev.switchboard.agent.ServiceTier;
import dev.switchboard.agent.Team;
import dev.switchboard.agent.repository.AgentRepository;
import dev.switchboard.agent.repository.TeamRepository;
import dev.switchboard.audit.AuditLog;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.repository.QueueRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Advisor teams; every change is audited. */
@ApplicationScoped
public class TeamService {

    /** A team as written by an administrator; a null service tier means first line. */
    public record TeamInput(String name, ServiceTier serviceTier) {
    }

    private final TeamRepository teams;
    private final AgentRepository agents;
    private final QueueRepository queues;
    private final AuditLog audit;

    TeamService(TeamRepository teams, AgentRepository agents, QueueRepository queues, AuditLog audit) {
        this.teams = teams;
        this.agents = agents;
        this.queues = queues;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Team> create(String actor, TeamInput input) {
        Team team = new Team();
        apply(team, input);
        return checkNameFree(team.name, null)
                .chain(() -> teams.persistAndFlush(team))
                .call(t -> audit.record(actor, "team-created", "team:" + t.id, snapshot(t)))
                .onFailure(Conflicts::isUniqueViolation).transform(e -> nameTaken(team.name));
    }

    @WithSession
    public Uni<Team> get(long id) {
        return teams.findById(id);
    }

    @WithSession
    public Uni<List<Team>> list() {
        return teams.listByName();
    }

    @WithTransaction
    public Uni<Team> update(String actor, long id, TeamInput input) {
        return teams.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Team", id))
                .call(t -> checkNameFree(input.name().strip(), id))
                .call(t -> {
                    Map<String, Object> before = snapshot(t);
                    apply(t, input);
                    return teams.flush().chain(() -> audit.record(actor, "team-changed", "team:" + id,
                            Map.of("before", before, "after", snapshot(t))));
                })
                .onFailure(Conflicts::isUniqueViolation).transform(e -> nameTaken(input.name()));
    }

    /** Deletes a team that no agent, queue or customer refers to any more. */
    @WithTransaction
    public Uni<Void> delete(String actor, long id) {
        return teams.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Team", id))
                .call(t -> agents.countByTeam(id).invoke(n -> {
                    if (n > 0) {
                        throw new ProblemException(ProblemType.CONFLICT,
                                "Team " + id + " still has " + n + " agent(s); move them first");
                    }
                }))
                .call(t -> queues.overflowingToTeam(id).invoke(names -> {
                    if (!names.isEmpty()) {
                        throw new ProblemException(ProblemType.CONFLICT,
                                "Team " + id + " is an overflow team of queue(s) " + String.join(", ", names));
                    }
                }))
                .call(t -> teams.delete(t).chain(teams::flush))
                .call(t -> audit.record(actor, "team-deleted", "team:" + id, snapshot(t)))
                .onFailure(e -> Conflicts.sqlState(e, "23503")).transform(e -> new ProblemException(
                        ProblemType.CONFLICT, "Team " + id + " is still the advisor team of customers"))
                .replaceWithVoid();
    }

    private Uni<Void> checkNameFree(String name, Long self) {
        return teams.findByName(name).invoke(existing -> {
            if (existing != null && !existing.id.equals(self)) {
                throw nameTaken(name);
            }
        }).replaceWithVoid();
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(ProblemType.CONFLICT, "A team named '" + name.strip() + "' exists already");
    }

    private static void apply(Team team, TeamInput input) {
        team.name = input.name().strip();
        team.serviceTier = input.serviceTier() == null ? ServiceTier.FIRST_LINE : input.serviceTier();
    }

    private static Map<String, Object> snapshot(Team t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name);
        m.put("serviceTier", t.serviceTier.name());
        return m;
    }
}
