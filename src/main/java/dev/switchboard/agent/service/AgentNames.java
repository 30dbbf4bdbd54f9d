package dev.switchboard.agent.service;

import dev.switchboard.agent.Agent;
import dev.switchboard.agent.AgentHook;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents' display names, the seed's touchpoint "employee" on what an agent sends: read once per agent,
 * kept in memory, and replaced when the agent's record is saved on this instance.
 */
@ApplicationScoped
public class AgentNames implements AgentHook {

    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Pool pool;

    AgentNames(Pool pool) {
        this.pool = pool;
    }

    /** The agent's display name, or null when there is no such agent. */
    public Uni<String> of(long agentId) {
        String known = names.get(agentId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery("select name from agent where id = $1").execute(Tuple.of(agentId)).map(rows -> {
            String name = rows.size() == 0 ? null : rows.iterator().next().getString(0);
            if (name != null) {
                names.put(agentId, name);
            }
            return name;
        });
    }

    @Override
    public Uni<Void> agentSaved(Agent agent, String previousSipEndpoint, boolean created) {
        if (agent.name != null) {
            names.put(agent.id, agent.name);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> agentDeleted(Agent agent) {
        names.remove(agent.id);
        return Uni.createFrom().voidItem();
    }
}
