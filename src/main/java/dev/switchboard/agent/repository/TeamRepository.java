package dev.switchboard.agent.repository;

import dev.switchboard.agent.Team;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Advisor teams by id and by name. */
@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, Long> {

    public Uni<Team> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<Team>> listByName() {
        return listAll(Sort.by("name").and("id"));
    }

    /** The ones of these ids that name no team. */
    public Uni<List<Long>> missing(List<Long> ids) {
        return list("id in ?1", ids).map(teams -> {
            List<Long> found = teams.stream().map(t -> t.id).toList();
            return ids.stream().filter(id -> !found.contains(id)).toList();
        });
    }
}
