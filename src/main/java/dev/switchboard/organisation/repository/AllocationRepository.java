package dev.switchboard.organisation.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Set-based allocation of customers to advisor teams: the customers without a team, grouped by the service
 * tier their assets call for and by their branch, are spread over that branch's teams of the tier, the
 * least loaded first.
 */
@ApplicationScoped
public class AllocationRepository {

    private static final String WANTED = "case when c.assets >= $1 then 'SENIOR' when c.assets >= $2 then"
            + " 'SECOND_LINE' else 'FIRST_LINE' end";
    private static final String UNALLOCATED = "c.advisor_team_id is null and not c.provisional"
            + " and c.merged_into_id is null";

    private final Pool pool;

    AllocationRepository(Pool pool) {
        this.pool = pool;
    }

    /** One group of unallocated customers: the service tier wanted and the branch (null: none). */
    public record Group(String tier, Long branchId, long customers) {
    }

    /** The groups to allocate: every unallocated customer, or those of one unit's subtree ({@code scope}). */
    public Uni<List<Group>> groups(SqlClient c, BigDecimal senior, BigDecimal secondLine, Long scope) {
        return c.preparedQuery("with recursive sub(id) as (select id from org_unit where id = $3"
                        + " union all select u.id from org_unit u join sub on u.parent_id = sub.id)"
                        + " select " + WANTED + " as tier, c.branch_id, count(*) from customer c where " + UNALLOCATED
                        + " and ($3::bigint is null or c.branch_id in (select id from sub)) group by 1, 2 order by 1, 2")
                .execute(Tuple.of(senior, secondLine, scope)).map(rows -> {
                    List<Group> groups = new ArrayList<>();
                    for (Row r : rows) {
                        groups.add(new Group(r.getString(0), r.getLong(1), r.getLong(2)));
                    }
                    return groups;
                });
    }

    /**
     * Teams that may serve a group, least loaded first: those of the tier in the branch's subtree; else any in
     * the subtree; else those of the tier anywhere; else every team. Empty when there are no teams.
     */
    public Uni<List<Long>> candidates(SqlClient c, String tier, Long branchId) {
        return c.preparedQuery("""
                        with recursive sub(id) as (
                            select id from org_unit where id = $2
                            union all select u.id from org_unit u join sub on u.parent_id = sub.id),
                        ranked as (
                            select t.id, (select count(*) from customer x where x.advisor_team_id = t.id) as load,
                                   case when $2::bigint is not null and t.unit_id in (select id from sub)
                                             and t.service_tier = $1 then 0
                                        when $2::bigint is not null and t.unit_id in (select id from sub) then 1
                                        when t.service_tier = $1 then 2
                                        else 3 end as fit
                            from team t)
                        select id from ranked where fit = (select min(fit) from ranked) order by load, id""")
                .execute(Tuple.of(tier, branchId)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** Gives the group's customers to the teams in turn (largest assets first); answers how many moved. */
    public Uni<Integer> assign(SqlClient c, BigDecimal senior, BigDecimal secondLine, Group group, List<Long> teams) {
        return c.preparedQuery("update customer c set advisor_team_id = pick.team, updated_at = now() from ("
                        + " select c.id, ($5::bigint[])[((row_number() over (order by c.assets desc, c.id) - 1)"
                        + " % array_length($5::bigint[], 1)) + 1] as team from customer c where " + UNALLOCATED
                        + " and " + WANTED + " = $3 and c.branch_id is not distinct from $4) pick"
                        + " where c.id = pick.id")
                .execute(Tuple.of(senior, secondLine, group.tier(), group.branchId(), teams.toArray(new Long[0])))
                .map(rows -> rows.rowCount());
    }
}
