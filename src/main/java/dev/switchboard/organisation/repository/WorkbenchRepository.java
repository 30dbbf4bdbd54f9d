package dev.switchboard.organisation.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What an advisor's workbench reads: the customers of its teams, their latest touchpoints, their open work. */
@ApplicationScoped
public class WorkbenchRepository {

    private final Pool pool;

    WorkbenchRepository(Pool pool) {
        this.pool = pool;
    }

    public record CustomerRow(long id, String name, String tier, BigDecimal assets, BigDecimal turnover,
                              BigDecimal commission, Long advisorTeamId, Instant lastContactAt) {
    }

    public record TouchpointRow(long id, long customerId, String customerName, Long interactionId, String kind,
                                String channel, String direction, Instant occurredAt, String employee, String content,
                                String result) {
    }

    public record RequestRow(long id, long customerId, String customerName, String type, String subject, String status,
                             String priority, Instant dueAt, boolean overdue) {
    }

    public record CallbackRow(long id, long customerId, String customerName, String phone, String state,
                              Instant notBefore, Instant notAfter) {
    }

    /**
     * The teams a user works for: its agent record's team, and for a supervisor the teams placed in its unit's
     * subtree.
     */
    public Uni<List<Long>> teamsOf(String username) {
        return pool.preparedQuery("""
                        with recursive me as (select id, unit_id from app_user where username = $1),
                        sub(id) as (select unit_id from me where unit_id is not null
                                    union all select u.id from org_unit u join sub on u.parent_id = sub.id)
                        select a.team_id from agent a join me on a.user_id = me.id where a.team_id is not null
                        union select t.id from team t where t.unit_id in (select id from sub)""")
                .execute(Tuple.of(username)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    private static final String ORDER_TIER = "case c.tier when 'DIAMOND' then 0 when 'GOLD' then 1 else 2 end,"
            + " c.assets desc, c.id";
    private static final String ORDER_CONTACT = "c.last_contact_at desc nulls last, c.id";
    private static final String ORDER_ASSETS = "c.assets desc, c.id";

    /** A page of the teams' customers, in the order asked for ("tier", "lastContact" or "assets"), and the total. */
    public Uni<List<CustomerRow>> customers(List<Long> teams, String sort, int page, int size) {
        String order = switch (sort) {
            case "lastContact" -> ORDER_CONTACT;
            case "assets" -> ORDER_ASSETS;
            default -> ORDER_TIER;
        };
        return pool.preparedQuery("select c.id, c.name, c.tier, c.assets, c.turnover, c.commission, c.advisor_team_id,"
                        + " c.last_contact_at from customer c where c.advisor_team_id = any($1)"
                        + " and c.merged_into_id is null order by " + order + " limit $2 offset $3")
                .execute(Tuple.of(teams.toArray(new Long[0]), size, page * size))
                .map(rows -> map(rows, r -> new CustomerRow(r.getLong(0), r.getString(1), r.getString(2),
                        r.getBigDecimal(3), r.getBigDecimal(4), r.getBigDecimal(5), r.getLong(6), at(r, 7))));
    }

    public Uni<Long> customerCount(List<Long> teams) {
        return pool.preparedQuery("select count(*) from customer where advisor_team_id = any($1)"
                        + " and merged_into_id is null").execute(Tuple.of((Object) teams.toArray(new Long[0])))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The latest touchpoints of the teams' customers on every channel, newest first. */
    public Uni<List<TouchpointRow>> touchpoints(List<Long> teams, int limit) {
        return pool.preparedQuery("select t.id, t.customer_id, c.name, t.interaction_id, t.kind, t.channel, t.direction,"
                        + " t.occurred_at, t.employee, t.content, t.result from touchpoint t"
                        + " join customer c on c.id = t.customer_id where c.advisor_team_id = any($1)"
                        + " order by t.occurred_at desc, t.id desc limit $2")
                .execute(Tuple.of(teams.toArray(new Long[0]), limit))
                .map(rows -> map(rows, r -> new TouchpointRow(r.getLong(0), r.getLong(1), r.getString(2), r.getLong(3),
                        r.getString(4), r.getString(5), r.getString(6), at(r, 7), r.getString(8), r.getString(9),
                        r.getString(10))));
    }

    /** Open service requests of the teams' customers, the soonest due first. */
    public Uni<List<RequestRow>> openRequests(List<Long> teams, int limit) {
        return pool.preparedQuery("select s.id, s.customer_id, c.name, s.type, s.subject, s.status, s.priority, s.due_at,"
                        + " s.due_at < now() from service_request s join customer c on c.id = s.customer_id"
                        + " where c.advisor_team_id = any($1) and s.status in ('OPEN', 'PENDING')"
                        + " order by s.due_at nulls last, s.id limit $2")
                .execute(Tuple.of(teams.toArray(new Long[0]), limit))
                .map(rows -> map(rows, r -> new RequestRow(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6), at(r, 7), Boolean.TRUE.equals(r.getBoolean(8)))));
    }

    /** Call-backs of the teams' customers still to be made, by window. */
    public Uni<List<CallbackRow>> pendingCallbacks(List<Long> teams, int limit) {
        return pool.preparedQuery("select b.id, b.customer_id, c.name, b.phone, b.state, b.not_before, b.not_after"
                        + " from callback_request b join customer c on c.id = b.customer_id"
                        + " where c.advisor_team_id = any($1) and b.state in ('SCHEDULED', 'QUEUED', 'CALLING')"
                        + " order by b.not_before, b.id limit $2")
                .execute(Tuple.of(teams.toArray(new Long[0]), limit))
                .map(rows -> map(rows, r -> new CallbackRow(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3),
                        r.getString(4), at(r, 5), at(r, 6))));
    }

    private static Instant at(Row r, int i) {
        OffsetDateTime t = r.getOffsetDateTime(i);
        return t == null ? null : t.toInstant();
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> f) {
        List<T> list = new ArrayList<>();
        rows.forEach(r -> list.add(f.apply(r)));
        return list;
    }
}
