package dev.switchboard.report;

import java.util.Set;

/**
 * What part of the figures a caller may see: the queues and agents whose rows it may read, and the advisor teams
 * and branches whose customers' service requests it may count; each null for all. The one place data scoping
 * enters the reports: every query takes a scope.
 */
public record ReportScope(Set<Long> queueIds, Set<Long> agentIds, Set<Long> teamIds, Set<Long> unitIds) {

    public static final ReportScope ALL = new ReportScope(null, null, null, null);

    /** Only this agent's own rows (and no queue's, no service requests). */
    public static ReportScope agent(Long agentId) {
        return new ReportScope(Set.of(), agentId == null ? Set.of() : Set.of(agentId), Set.of(), Set.of());
    }

    /** This scope narrowed to one queue (a report's queue filter): that queue if the scope has it, else none. */
    public ReportScope onlyQueue(Long queueId) {
        if (queueId == null) {
            return this;
        }
        return new ReportScope(queueIds == null || queueIds.contains(queueId) ? Set.of(queueId) : Set.of(), agentIds,
                teamIds, unitIds);
    }
}
