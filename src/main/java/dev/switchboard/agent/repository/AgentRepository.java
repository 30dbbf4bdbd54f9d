package dev.switchboard.agent.repository;

import dev.switchboard.agent.Agent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Agents with their skills loaded. */
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, Long> {

    private static final String WITH_SKILLS = "from Agent a left join fetch a.skills";

    public Uni<Agent> findWithSkills(long id) {
        return find(WITH_SKILLS + " where a.id = ?1", id).list().map(AgentRepository::only);
    }

    public Uni<Agent> findByUserId(long userId) {
        return find(WITH_SKILLS + " where a.userId = ?1", userId).list().map(AgentRepository::only);
    }

    public Uni<List<Agent>> listWithSkills(Long teamId) {
        return teamId == null ? list(WITH_SKILLS + " order by a.name, a.id")
                : list(WITH_SKILLS + " where a.teamId = ?1 order by a.name, a.id", teamId);
    }

    public Uni<Long> countByTeam(long teamId) {
        return count("teamId", teamId);
    }

    // A fetch join cannot be limited in SQL (Hibernate would page in memory): fetch the rows and take the one entity.
    private static Agent only(List<Agent> found) {
        return found.isEmpty() ? null : found.get(0);
    }
}
