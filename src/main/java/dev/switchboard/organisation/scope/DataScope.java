package dev.switchboard.organisation.scope;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one signed-in user may read, by the firm's tree: everything, or the customers of some advisor teams and
 * branches plus the customers some agents have handled, and the queues and agents it oversees. Every read of
 * customers, interactions, service requests, touchpoints and figures is narrowed by the predicates this record
 * writes ({@link #sql}, {@link #hql}); nothing else decides visibility.
 *
 * @param all     no restriction (administrators, the data centre, the head office, unplaced users by default)
 * @param teams   advisor teams whose customers are visible
 * @param units   branches (and any unit) whose customers are visible by {@code customer.branch_id}
 * @param agents  agents whose handled customers are visible (a touchpoint of theirs on the customer), and whose
 *                figures and states this user oversees
 * @param queues  the queues whose figures this user oversees; null with {@code all}
 */
public record DataScope(boolean all, long[] teams, long[] units, long[] agents, Set<Long> queues) {

    public static final DataScope ALL = new DataScope(true, new long[0], new long[0], new long[0], null);

    /** The agents as a set (null with {@code all}), for the figures' filters. */
    public Set<Long> agentSet() {
        return all ? null : set(agents);
    }

    /** The advisor teams as a set (null with {@code all}). */
    public Set<Long> teamSet() {
        return all ? null : set(teams);
    }

    /** The units as a set (null with {@code all}). */
    public Set<Long> unitSet() {
        return all ? null : set(units);
    }

    /** True when the user oversees this agent (its figures, state, presence). */
    public boolean overseesAgent(long agentId) {
        return all || Arrays.stream(agents).anyMatch(a -> a == agentId);
    }

    /** True when the user oversees this queue (its figures, waiting contacts, intervals). */
    public boolean overseesQueue(long queueId) {
        return all || queues.contains(queueId);
    }

    /**
     * A SQL condition (for the reactive client's statements) true when the customer id in {@code column} is
     * visible. The ids are numbers this class formats itself, so the text is safe to splice.
     */
    public String sql(String column) {
        if (all) {
            return "1 = 1";
        }
        // EXISTS, not IN: one index probe per row (by primary key; by (agent, customer) on touchpoint), where IN
        // with OR made PostgreSQL build the whole set of visible customers on every call.
        return "(exists (select 1 from customer sc where sc.id = " + column + " and (sc.advisor_team_id = any('"
                + array(teams) + "'::bigint[]) or sc.branch_id = any('" + array(units) + "'::bigint[])))"
                + " or exists (select 1 from touchpoint st where st.customer_id = " + column
                + " and st.agent_id = any('" + array(agents) + "'::bigint[])))";
    }

    /**
     * The same condition in HQL over the entities, for Panache queries; its parameters are {@link #hqlParameters}.
     */
    public String hql(String path) {
        if (all) {
            return "1 = 1";
        }
        return "(exists (select 1 from Customer sc where sc.id = " + path + " and (sc.advisorTeamId in :scopeTeams"
                + " or sc.branchId in :scopeUnits)) or exists (select 1 from Touchpoint st where st.customerId = "
                + path + " and st.agentId in :scopeAgents))";
    }

    /** The parameters of {@link #hql}: empty sets hold an id no record has, as SQL has no empty list. */
    public Map<String, Object> hqlParameters() {
        if (all) {
            return Map.of();
        }
        return Map.of("scopeTeams", list(teams), "scopeUnits", list(units), "scopeAgents", list(agents));
    }

    private static Set<Long> set(long[] ids) {
        return Arrays.stream(ids).boxed().collect(Collectors.toUnmodifiableSet());
    }

    private static String array(long[] ids) {
        return Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
    }

    private static java.util.List<Long> list(long[] ids) {
        return ids.length == 0 ? java.util.List.of(-1L) : Arrays.stream(ids).boxed().toList();
    }
}
