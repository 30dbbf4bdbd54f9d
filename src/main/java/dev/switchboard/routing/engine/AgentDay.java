package dev.switchboard.routing.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Each agent's misses and pauses in the current statistics day, counted from committed routing
 * events and rebuilt from the records after a restart (touchpoints and the agent state log).
 * Lives on the routing thread, like {@link QueueStatistics}.
 */
public final class AgentDay {

    private final Map<Long, int[]> counts = new HashMap<>();
    /** The state last written to the agent's state log, to count entering a pause once. */
    private final Map<Long, AgentState> logged = new HashMap<>();

    /** Counts an event: a declined or timed-out offer is a miss; a logged change into PAUSED a pause. */
    public void record(RoutingEvent event) {
        if (event instanceof RoutingEvent.OfferEnded e && isMiss(e.reason())) {
            of(e.agentId())[0]++;
        } else if (event instanceof RoutingEvent.AgentChanged e && e.presenceChanged()) {
            AgentState before = logged.put(e.agentId(), e.state());
            if (e.state() == AgentState.PAUSED && before != AgentState.PAUSED) {
                of(e.agentId())[1]++;
            }
        }
    }

    /** Whether an offer that ended for this reason was the agent's miss (the reasons the engine counts). */
    public static boolean isMiss(String reason) {
        return "declined".equals(reason) || "timeout".equals(reason);
    }

    /** Adds counts rebuilt from the records, with the state the agent's log ends in (or null). */
    public void restore(long agentId, int missed, int paused, AgentState lastLogged) {
        int[] c = of(agentId);
        c[0] += missed;
        c[1] += paused;
        if (lastLogged != null) {
            logged.put(agentId, lastLogged);
        }
    }

    /** A new day: the counts start again; the last logged states stay. */
    public void clear() {
        counts.clear();
    }

    public int missed(long agentId) {
        int[] c = counts.get(agentId);
        return c == null ? 0 : c[0];
    }

    public int paused(long agentId) {
        int[] c = counts.get(agentId);
        return c == null ? 0 : c[1];
    }

    private int[] of(long agentId) {
        return counts.computeIfAbsent(agentId, id -> new int[2]);
    }
}
