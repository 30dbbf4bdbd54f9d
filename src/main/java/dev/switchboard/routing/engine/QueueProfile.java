package dev.switchboard.routing.engine;

import java.util.List;
import java.util.Map;

/**
 * What routing needs to know of a queue's record.
 *
 * @param teams           the teams that serve the queue; empty means every team
 * @param skills          skill to the minimum level an agent needs
 * @param overflowTeams   teams that may also serve a contact once it is past its due-by
 * @param overflowQueueId where a contact goes when it is past due and still nobody is free, or null
 * @param dispositions    the codes an agent may give at wrap-up; empty means any
 */
public record QueueProfile(long id, String name, List<Long> teams, Map<String, Integer> skills,
                           List<Long> overflowTeams, Long overflowQueueId, List<String> dispositions) {

    public QueueProfile {
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
    }

    /** A queue that takes any disposition. */
    public QueueProfile(long id, String name, List<Long> teams, Map<String, Integer> skills, List<Long> overflowTeams,
                        Long overflowQueueId) {
        this(id, name, teams, skills, overflowTeams, overflowQueueId, List.of());
    }
}
