package dev.switchboard.organisation.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.organisation.OrgUnit;
import dev.switchboard.organisation.OrganisationConfig;
import dev.switchboard.organisation.TeamRole;
import dev.switchboard.organisation.UnitKind;
import dev.switchboard.organisation.repository.AllocationRepository;
import dev.switchboard.organisation.repository.OrgUnitRepository;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The firm's tree of units, where teams and users sit in it, agents' roles in their teams, and which advisor
 * team serves each customer. Every change is audited.
 */
@ApplicationScoped
public class OrganisationService {

    private static final Logger LOG = Logger.getLogger(OrganisationService.class);

    /** A unit as written by an administrator. */
    public record UnitInput(String name, UnitKind kind, Long parentId) {
    }

    /** What an allocation run did: customers given a team, per team. */
    public record Allocation(int allocated, Map<Long, Integer> perTeam) {
    }

    private final OrgUnitRepository units;
    private final AllocationRepository allocation;
    private final AuditLog audit;
    private final Pool pool;
    private final OrganisationConfig config;

    OrganisationService(OrgUnitRepository units, AllocationRepository allocation, AuditLog audit, Pool pool,
                        OrganisationConfig config) {
        this.units = units;
        this.allocation = allocation;
        this.audit = audit;
        this.pool = pool;
        this.config = config;
    }

    @WithSession
    public Uni<List<OrgUnit>> list() {
        return units.listInOrder();
    }

    @WithSession
    public Uni<OrgUnit> get(long id) {
        return units.findById(id);
    }

    @WithTransaction
    public Uni<OrgUnit> create(String actor, UnitInput input) {
        OrgUnit unit = new OrgUnit();
        return checkPlace(null, input).chain(() -> {
            apply(unit, input);
            return units.persistAndFlush(unit);
        }).call(u -> audit.record(actor, "org-unit-created", "org-unit:" + u.id, snapshot(u)))
                .onFailure(Conflicts::isUniqueViolation).transform(e -> taken(input));
    }

    @WithTransaction
    public Uni<OrgUnit> update(String actor, long id, UnitInput input) {
        return units.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Org unit", id))
                .call(u -> checkPlace(u, input))
                .call(u -> {
                    Map<String, Object> before = snapshot(u);
                    apply(u, input);
                    u.updatedAt = OffsetDateTime.now();
                    return units.flush().chain(() -> audit.record(actor, "org-unit-changed", "org-unit:" + id,
                            Map.of("before", before, "after", snapshot(u))));
                })
                .onFailure(Conflicts::isUniqueViolation).transform(e -> taken(input));
    }

    /** Deletes a unit nothing sits in any more. */
    @WithTransaction
    public Uni<Void> delete(String actor, long id) {
        return units.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Org unit", id))
                .call(u -> units.usage(id).invoke(n -> {
                    if (n[0] + n[1] + n[2] + n[3] > 0) {
                        throw new ProblemException(ProblemType.CONFLICT, "Org unit " + id + " still has " + n[0]
                                + " unit(s), " + n[1] + " team(s), " + n[2] + " user(s) and " + n[3]
                                + " customer(s) in it; move them first");
                    }
                }))
                .call(u -> units.delete(u).chain(units::flush))
                .call(u -> audit.record(actor, "org-unit-deleted", "org-unit:" + id, snapshot(u)))
                .replaceWithVoid();
    }

    /**
     * Places a team, a user or a customer (its branch) in a unit, or takes it out (null). Teams go in any unit
     * but the head office's level only through an explicit unit; the change is audited with before and after.
     */
    @WithTransaction
    public Uni<Void> place(String actor, String table, String column, String what, long id, Long unitId) {
        Uni<Void> exists = unitId == null ? Uni.createFrom().voidItem() : units.findById(unitId).invoke(u -> {
            if (u == null) {
                throw ProblemException.invalid("unitId", "org unit " + unitId + " does not exist");
            }
        }).replaceWithVoid();
        return exists.chain(() -> units.unitOf(table, column, id)).chain(before -> units.place(table, column, id, unitId)
                .chain(found -> {
                    if (!found) {
                        throw ProblemException.notFound(what, id);
                    }
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("before", before);
                    detail.put("after", unitId);
                    return audit.record(actor, what.toLowerCase().replace(' ', '-') + "-placed",
                            what.toLowerCase().replace(' ', '-') + ":" + id, detail);
                }));
    }

    /** Records an agent's role in its team (null clears it). */
    @WithTransaction
    public Uni<Void> teamRole(String actor, long agentId, TeamRole role) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select team_role from agent where id = :id",
                        String.class).setParameter("id", agentId).getResultList())
                .chain(before -> {
                    if (before.isEmpty()) {
                        throw ProblemException.notFound("Agent", agentId);
                    }
                    return Panache.getSession().flatMap(s -> s.createNativeQuery(
                                    "update agent set team_role = :r, updated_at = now() where id = :id")
                                    .setParameter("r", role == null ? null : role.name()).setParameter("id", agentId)
                                    .executeUpdate())
                            .chain(() -> {
                                Map<String, Object> detail = new LinkedHashMap<>();
                                detail.put("before", before.get(0));
                                detail.put("after", role == null ? null : role.name());
                                return audit.record(actor, "agent-team-role", "agent:" + agentId, detail);
                            });
                });
    }

    /**
     * Moves a customer to another advisor team (a supervisor's decision, with its reason); the relationship is
     * the team's, so it survives any one advisor leaving.
     */
    @WithTransaction
    public Uni<Void> reallocate(String actor, long customerId, Long teamId, String reason) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select advisor_team_id from customer where id = :id and merged_into_id is null for update",
                        Object.class).setParameter("id", customerId).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("Customer", customerId);
                    }
                    Object before = rows.get(0);
                    Uni<Void> teamExists = teamId == null ? Uni.createFrom().voidItem()
                            : Panache.getSession().flatMap(s -> s.createNativeQuery("select count(*) from team where id = :t",
                                    Long.class).setParameter("t", teamId).getSingleResult()).invoke(n -> {
                                        if (n == 0) {
                                            throw ProblemException.invalid("teamId", "team " + teamId + " does not exist");
                                        }
                                    }).replaceWithVoid();
                    return teamExists.chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                                    "update customer set advisor_team_id = :t, updated_at = now() where id = :id")
                                    .setParameter("t", teamId).setParameter("id", customerId).executeUpdate()))
                            .chain(() -> {
                                Map<String, Object> detail = new LinkedHashMap<>();
                                detail.put("before", before == null ? null : ((Number) before).longValue());
                                detail.put("after", teamId);
                                detail.put("reason", reason);
                                return audit.record(actor, "customer-reallocated", "customer:" + customerId, detail);
                            });
                });
    }

    /**
     * Gives every customer without an advisor team (provisional and merged ones aside) a team by the policy: the
     * service tier its assets call for, in its branch, the least loaded teams first; all customers, or those whose
     * branch is in the subtree of {@code scope}. One transaction.
     */
    public Uni<Allocation> allocate(String actor, Long scope) {
        var policy = config.allocation();
        Map<Long, Integer> perTeam = new LinkedHashMap<>();
        return pool.withTransaction(c -> allocation.groups(c, policy.seniorAssets(), policy.secondLineAssets(), scope)
                        .flatMap(groups -> Multi.createFrom().iterable(groups)
                                .onItem().transformToUniAndConcatenate(g -> allocation.candidates(c, g.tier(), g.branchId())
                                        .flatMap(teams -> teams.isEmpty() ? Uni.createFrom().item(0)
                                                : allocation.assign(c, policy.seniorAssets(), policy.secondLineAssets(), g,
                                                        teams).invoke(n -> teams.forEach(t -> perTeam.merge(t,
                                                        share(n, teams.size(), teams.indexOf(t)), Integer::sum)))))
                                .collect().asList()))
                .map(counts -> new Allocation(counts.stream().mapToInt(Integer::intValue).sum(), perTeam))
                .call(result -> Panache.withTransaction(() -> audit.record(actor, "customers-allocated",
                        scope == null ? "customers" : "org-unit:" + scope,
                        Map.of("allocated", result.allocated(), "perTeam", stringKeys(result.perTeam())))))
                .invoke(result -> LOG.infof("Allocation by %s: %d customers given an advisor team", actor,
                        result.allocated()));
    }

    /** How many of n customers the i-th of k teams got when they were dealt in turn. */
    static int share(int n, int k, int i) {
        return n / k + (i < n % k ? 1 : 0);
    }

    private static Map<String, Integer> stringKeys(Map<Long, Integer> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Long.toString(k), v));
        return out;
    }

    /** The head office is the one root; every other unit sits below a unit of a higher level, never below itself. */
    private Uni<Void> checkPlace(OrgUnit self, UnitInput input) {
        if (input.kind() == UnitKind.HEAD_OFFICE) {
            if (input.parentId() != null) {
                throw ProblemException.invalid("parentId", "the head office is the top of the tree");
            }
            return units.root().invoke(root -> {
                if (root != null && (self == null || !root.id.equals(self.id))) {
                    throw new ProblemException(ProblemType.CONFLICT, "There is a head office already (unit "
                            + root.id + ")");
                }
            }).replaceWithVoid();
        }
        if (input.parentId() == null) {
            throw ProblemException.invalid("parentId", "every unit but the head office has a parent");
        }
        return units.findById(input.parentId()).chain(parent -> {
            if (parent == null) {
                throw ProblemException.invalid("parentId", "org unit " + input.parentId() + " does not exist");
            }
            if (!input.kind().mayBeBelow(parent.kind)) {
                throw ProblemException.invalid("kind", "a " + input.kind() + " cannot sit below a " + parent.kind);
            }
            if (self == null) {
                return Uni.createFrom().voidItem();
            }
            return units.isWithin(parent.id, self.id).invoke(loop -> {
                if (loop) {
                    throw ProblemException.invalid("parentId", "a unit cannot sit below itself");
                }
            }).replaceWithVoid();
        });
    }

    private static ProblemException taken(UnitInput input) {
        return new ProblemException(ProblemType.CONFLICT, "A unit named '" + input.name().strip()
                + "' exists already at that place");
    }

    private static void apply(OrgUnit unit, UnitInput input) {
        unit.name = input.name().strip();
        unit.kind = input.kind();
        unit.parentId = input.parentId();
    }

    private static Map<String, Object> snapshot(OrgUnit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name);
        m.put("kind", u.kind.name());
        m.put("parentId", u.parentId);
        return m;
    }
}
