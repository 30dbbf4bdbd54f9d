package dev.switchboard.report.service;

import dev.switchboard.agent.service.AgentService;
import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.report.ReportScope;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides which queues' and agents' figures a caller may read, from its data scope ({@link DataScopes}):
 * administrators and the head office everything, a supervisor the queues and agents of its unit's subtree, an
 * agent its own rows.
 */
@ApplicationScoped
public class ReportScopes {

    private final AgentService agents;
    private final DataScopes scopes;

    ReportScopes(AgentService agents, DataScopes scopes) {
        this.agents = agents;
        this.scopes = scopes;
    }

    /** Administrators and supervisors: what their data scope oversees; agents: their own agent's rows only. */
    public Uni<ReportScope> of(SecurityIdentity caller, String subject) {
        if (caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.SUPERVISOR)) {
            return scopes.of(caller).map(scope -> scope.all() ? ReportScope.ALL : new ReportScope(scope.queues(),
                    scope.agentSet(), scope.teamSet(), scope.unitSet()));
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
