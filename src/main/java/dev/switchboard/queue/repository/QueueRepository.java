package dev.switchboard.queue.repository;

import dev.switchboard.queue.Queue;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queues with their skills and answer targets loaded. */
@ApplicationScoped
public class QueueRepository implements PanacheRepositoryBase<Queue, Long> {

    private static final String FULL = "from Queue q left join fetch q.skills left join fetch q.answerTargets";

    public Uni<Queue> findFull(long id) {
        return find(FULL + " where q.id = ?1", id).list().map(QueueRepository::only);
    }

    public Uni<List<Queue>> listFull() {
        return list(FULL + " order by q.name, q.id");
    }

    public Uni<Queue> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Names of the queues that overflow into this one. */
    public Uni<List<String>> overflowingInto(long queueId) {
        return list("overflowQueueId", Sort.by("name"), queueId)
                .map(queues -> queues.stream().map(q -> q.name).toList());
    }

    /** Names of the queues that list this team among their overflow teams. */
    public Uni<List<String>> overflowingToTeam(long teamId) {
        // The list is a comma-separated column; queues are few, so filter here rather than in SQL.
        return list("overflowTeams is not null").map(queues -> queues.stream()
                .filter(q -> q.overflowTeams.contains(teamId)).map(q -> q.name).sorted().toList());
    }

    // A fetch join cannot be limited in SQL (Hibernate would page in memory): fetch the rows and take the one entity.
    private static Queue only(List<Queue> found) {
        return found.isEmpty() ? null : found.get(0);
    }
}
