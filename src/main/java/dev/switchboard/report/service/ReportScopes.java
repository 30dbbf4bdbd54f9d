package dev.switchboard.report.service;

import dev.switchboard.agent.service.AgentService;
import dev.switchboard.auth.Roles;
import dev.switchboard.report.ReportScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides which queues' and agents' figures a caller may read. The single hook for data scoping:
 * organisation scoping (a supervisor sees its units' subtree) replaces the ALL answers here.
 */
@ApplicationScoped
public class ReportScopes {

    private final AgentService agents;

    ReportScopes(AgentService agents) {
        this.agents = agents;
    }

    /** Administrators and supervisors: everything (for now); agents: their own agent's rows only. */
    public Uni<ReportScope> of(SecurityIdentity caller, String subject) {
        if (caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.SUPERVISOR)) {
            return Uni.createFrom().item(ReportScope.ALL);
        }
        long userId;
        try {
            userId = Long.parseLong(subject);
        } catch (NumberFormatException | NullPointerException e) {
            return Uni.createFrom().item(ReportScope.agent(null));
        }
        return agents.forUser(userId).map(a -> ReportScope.agent(a == null ? null : a.id));
    }
}
