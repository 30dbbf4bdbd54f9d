package dev.switchboard.organisation.scope;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.OrganisationConfig;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Works out each user's {@link DataScope} from the firm's tree, the one place the rules live:
 * <ul>
 * <li>administrators and the data centre, and anyone placed in the head office: everything;</li>
 * <li>a supervisor placed in a unit: the unit's subtree: the customers of the teams placed there and of the
 * branches there, the customers its agents handled, those agents, and the queues those teams serve;</li>
 * <li>an agent (and a supervisor placed nowhere whose agent's team is in the tree): its own team's customers and
 * the customers it is handling or has handled;</li>
 * <li>a user outside the tree altogether (placed nowhere, no agent in a placed team):
 * {@code switchboard.organisation.unplaced-scope}: everything ({@code all}, the default, for a contact centre
 * without a firm's tree) or as an agent ({@code own}).</li>
 * </ul>
 * Scopes are kept for {@code switchboard.organisation.scope-cache} (5 s) and dropped on every audited change of the
 * tree, a team, an agent, a queue or a user made on this instance.
 */
@ApplicationScoped
public class DataScopes {

    private static final String RESOLVE = """
            with recursive me as (
                select u.unit_id, (select o.parent_id is null from org_unit o where o.id = u.unit_id) as at_head,
                       a.id as agent_id, a.team_id, t.unit_id as team_unit
                from app_user u left join agent a on a.user_id = u.id left join team t on t.id = a.team_id
                where u.id = $1),
            sub(id) as (select unit_id from me where unit_id is not null
                        union all select o.id from org_unit o join sub on o.parent_id = sub.id),
            sub_teams as (select id from team where unit_id in (select id from sub))
            select me.unit_id, me.at_head, me.agent_id, me.team_id, me.team_unit,
                   array(select id from sub) as units,
                   array(select id from sub_teams) as teams,
                   array(select a.id from agent a where a.team_id in (select id from sub_teams)) as agents
            from me""";

    private static final String QUEUES = """
            select id from queue
            where coalesce(teams, '') = ''
               or string_to_array(teams, ',')::bigint[] && $1
               or string_to_array(coalesce(overflow_teams, ''), ',')::bigint[] && $1""";

    private record Cached(DataScope scope, long until) {
    }

    private final Pool pool;
    private final OrganisationConfig config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    DataScopes(Pool pool, OrganisationConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The scope of the caller of this request. */
    public Uni<DataScope> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Uni.createFrom().item(none());
        }
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
        return of(subject, identity.getRoles());
    }

    /** The scope of a user by its token's subject (the user id) and roles. */
    public Uni<DataScope> of(String subject, Set<String> roles) {
        if (roles.contains(Roles.ADMIN) || roles.contains(Roles.DATA_CENTRE)) {
            return Uni.createFrom().item(DataScope.ALL);
        }
        long userId;
        try {
            userId = Long.parseLong(subject);
        } catch (NumberFormatException | NullPointerException e) {
            return Uni.createFrom().item(none());
        }
        boolean supervisor = roles.contains(Roles.SUPERVISOR);
        String key = userId + (supervisor ? "s" : "a");
        Cached hit = cache.get(key);
        if (hit != null && hit.until - System.nanoTime() > 0) {
            return Uni.createFrom().item(hit.scope);
        }
        return resolve(userId, supervisor).invoke(scope -> cache.put(key,
                new Cached(scope, System.nanoTime() + config.scopeCache().toNanos())));
    }

    /**
     * True when the scope covers the record: it exists and belongs to a visible customer (or, for queues and agents,
     * the user oversees it). False for a record that does not exist, so both answer the same; with everything in
     * scope, true without a look (the operation finds out whether the record exists).
     */
    public Uni<Boolean> covers(DataScope scope, ScopedRecord record, Object id) {
        if (scope.all()) {
            return Uni.createFrom().item(true);
        }
        if (record == ScopedRecord.QUEUE) {
            return Uni.createFrom().item(scope.overseesQueue(((Number) id).longValue()));
        }
        if (record == ScopedRecord.AGENT) {
            return Uni.createFrom().item(scope.overseesAgent(((Number) id).longValue()));
        }
        return pool.preparedQuery(record.check(scope)).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** Fails with the record's 404 unless the caller's scope covers it (nothing to check for everything). */
    public Uni<Void> require(SecurityIdentity identity, ScopedRecord record, Object id) {
        return of(identity).chain(scope -> scope.all() ? Uni.createFrom().voidItem()
                : covers(scope, record, id).map(yes -> {
                    if (!yes) {
                        throw ProblemException.notFound(record.word(), id);
                    }
                    return null;
                }));
    }

    /** Forgets every kept scope: the tree, an agent's team or a queue's teams changed. */
    public void invalidate() {
        cache.clear();
    }

    /** Every change to a unit, a team, an agent, a queue or a user (placement, roles) is audited: forget. */
    void changed(@Observes AuditLog.Audited change) {
        String target = change.target();
        if (target != null && (target.startsWith("org-unit:") || target.startsWith("team:")
                || target.startsWith("agent:") || target.startsWith("queue:") || target.startsWith("user:"))) {
            invalidate();
        }
    }

    private Uni<DataScope> resolve(long userId, boolean supervisor) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(userId)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return Uni.createFrom().item(none());
            }
            Row r = rows.iterator().next();
            Long unit = r.getLong("unit_id");
            Long agent = r.getLong("agent_id");
            Long team = r.getLong("team_id");
            boolean inTree = unit != null || r.getLong("team_unit") != null;
            if (Boolean.TRUE.equals(r.getBoolean("at_head"))
                    || (!inTree && config.unplacedScope() == OrganisationConfig.UnplacedScope.ALL)) {
                return Uni.createFrom().item(DataScope.ALL);
            }
            long[] teams;
            long[] units;
            long[] agents;
            if (supervisor && unit != null) {
                teams = plus(longs(r, "teams"), team);
                units = longs(r, "units");
                agents = plus(longs(r, "agents"), agent);
            } else {
                teams = plus(new long[0], team);
                units = new long[0];
                agents = plus(new long[0], agent);
            }
            return pool.preparedQuery(QUEUES).execute(Tuple.of((Object) LongStream.of(teams).boxed()
                            .toArray(Long[]::new)))
                    .map(queueRows -> {
                        Set<Long> queues = new HashSet<>();
                        queueRows.forEach(q -> queues.add(q.getLong(0)));
                        return new DataScope(false, teams, units, agents, Set.copyOf(queues));
                    });
        });
    }

    /** Nothing at all: an anonymous caller or a user that no longer exists. */
    private static DataScope none() {
        return new DataScope(false, new long[0], new long[0], new long[0], Set.of());
    }

    private static long[] longs(Row r, String column) {
        Long[] values = r.getArrayOfLongs(column);
        return values == null ? new long[0] : Arrays.stream(values).mapToLong(Long::longValue).toArray();
    }

    private static long[] plus(long[] ids, Long id) {
        if (id == null || LongStream.of(ids).anyMatch(x -> x == id)) {
            return ids;
        }
        long[] more = Arrays.copyOf(ids, ids.length + 1);
        more[ids.length] = id;
        return more;
    }
}
