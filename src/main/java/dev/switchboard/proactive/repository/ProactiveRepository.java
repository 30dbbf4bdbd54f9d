package dev.switchboard.proactive.repository;

import dev.switchboard.organisation.scope.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The market events and their ranked lists (V27). The ranking is one statement over the data centre's holdings and
 * asset mix; starting a list makes every row's interaction and touchpoint in one statement more.
 */
@ApplicationScoped
public class ProactiveRepository {

    /** The ranking rule's numbers, as the service read them from configuration. */
    public record Rule(double moneyWeight, double shareWeight, double tierWeight, double recencyWeight,
                       BigDecimal moneyReference, int recencyDays, double diamond, double gold, double standard,
                       double callFrom, double smsFrom) {
    }

    /**
     * The ranking: every customer the rules touch (holders of the codes; holders of an asset type above its share,
     * less what the code rules counted already), the factors of its score, its rank, and the suggested channel
     * (the score's channel if the customer has an address for it and has not opted out, else the next one).
     */
    private static final String RANK = """
            insert into proactive_target (event_id, rank, customer_id, tier, advisor_team_id, assets, exposure, impact,
                                          share, last_contact_at, money_factor, share_factor, tier_factor,
                                          recency_factor, score, matched, channel, address)
            with codes as materialized (
                select upper(r.code) as code, r.move from jsonb_to_recordset($2::jsonb) as r(code text, move numeric)
            ), types as materialized (
                select upper(r.asset_type) as asset_type, r.min_share, r.move
                from jsonb_to_recordset($3::jsonb) as r(asset_type text, min_share numeric, move numeric)
            ), by_code as materialized (
                select h.customer_id, h.asset_type, h.security_code as item, h.market_value as value, c.move
                from codes c join holding h on h.security_code = c.code
                where h.market_value > 0
            ), by_type as (
                select m.customer_id, m.asset_type as item, m.market_value - coalesce(sum(b.value), 0) as value, t.move
                from types t
                join customer_asset_mix m on m.asset_type = t.asset_type and m.share > t.min_share
                left join by_code b on b.customer_id = m.customer_id and b.asset_type = m.asset_type
                group by m.customer_id, m.asset_type, m.market_value, t.move
            ), touched as (
                select customer_id, 'SECURITY' as kind, item, value, move from by_code
                union all
                select customer_id, 'ASSET_TYPE', item, value, move from by_type where value > 0
            ), per_customer as materialized (
                select customer_id, sum(value) as exposure, round(sum(value * move / 100), 2) as impact,
                       jsonb_agg(jsonb_build_object('kind', kind, 'item', item, 'value', value, 'movePercent', move)
                                 order by value desc, item) as matched
                from touched group by customer_id
            ), addresses as materialized (
                select cp.customer_id,
                       (array_agg(cp.value order by cp.verified desc, cp.id) filter (where cp.type = 'PHONE'))[1] as phone,
                       (array_agg(cp.value order by cp.verified desc, cp.id) filter (where cp.type = 'EMAIL'))[1] as email
                from contact_point cp
                where cp.type in ('PHONE', 'EMAIL') and not cp.failing
                  and cp.customer_id in (select customer_id from per_customer)
                group by cp.customer_id
            ), facts as materialized (
                select p.customer_id, p.exposure, p.impact, p.matched, c.tier, c.advisor_team_id, c.last_contact_at,
                       c.sms_opt_out, c.email_opt_out, a.phone, a.email,
                       case when c.assets > 0 then c.assets
                            else greatest(coalesce((select ch.market_value from customer_holdings ch
                                                    where ch.customer_id = c.id), 0), p.exposure) end as assets
                from per_customer p
                join customer c on c.id = p.customer_id
                left join addresses a on a.customer_id = p.customer_id
                where c.merged_into_id is null and %s
            ), factors as (
                select f.*, least(999, f.exposure / f.assets) as share,
                       least(1, ln(1 + abs(f.impact)::float8) / ln(1 + $4::float8)) as money_factor,
                       least(1, (f.exposure / f.assets)::float8) as share_factor,
                       case f.tier when 'DIAMOND' then $5::float8 when 'GOLD' then $6::float8 else $7::float8 end
                           as tier_factor,
                       case when f.last_contact_at is null then 1::float8
                            else least(1, greatest(0, extract(epoch from now() - f.last_contact_at)::float8
                                                      / 86400 / $8::float8)) end as recency_factor
                from facts f
            ), scored as (
                select x.*, round(($9::float8 * money_factor + $10::float8 * share_factor + $11::float8 * tier_factor
                                   + $12::float8 * recency_factor)::numeric, 4) as score,
                       x.phone as call_address,
                       case when not x.sms_opt_out then x.phone end as sms_address,
                       case when not x.email_opt_out then x.email end as email_address
                from factors x
            ), suggested as (
                select s.*, case
                    when s.score >= $13::float8 then coalesce(case when s.call_address is not null then 'CALL' end,
                        case when s.sms_address is not null then 'SMS' end,
                        case when s.email_address is not null then 'EMAIL' end, 'CALL')
                    when s.score >= $14::float8 then coalesce(case when s.sms_address is not null then 'SMS' end,
                        case when s.email_address is not null then 'EMAIL' end,
                        case when s.call_address is not null then 'CALL' end, 'SMS')
                    else coalesce(case when s.email_address is not null then 'EMAIL' end,
                        case when s.sms_address is not null then 'SMS' end,
                        case when s.call_address is not null then 'CALL' end, 'EMAIL') end as channel
                from scored s
            )
            select $1::bigint, row_number() over (order by score desc, abs(impact) desc, customer_id), customer_id, tier,
                   advisor_team_id, assets, exposure, impact, share, last_contact_at, money_factor, share_factor,
                   tier_factor, recency_factor, score, matched, channel,
                   case channel when 'CALL' then call_address when 'SMS' then sms_address else email_address end
            from suggested""";

    private static final String TARGET = """
            select t.*, c.name as customer_name, e.title as event_title, e.severity as event_severity,
                   e.occurred_at as event_occurred_at, e.ranking as event_ranking
            from proactive_target t
            join customer c on c.id = t.customer_id
            join market_event e on e.id = t.event_id
            """;

    private final Pool pool;

    ProactiveRepository(Pool pool) {
        this.pool = pool;
    }


    // ---- events ---------------------------------------------------------------------------------

    public Uni<Row> createEvent(String title, String description, OffsetDateTime occurredAt, String severity,
                                JsonArray impact, String actor) {
        return pool.preparedQuery("insert into market_event (title, description, occurred_at, severity, impact,"
                        + " created_by) values ($1, $2, $3, $4, $5, $6) returning *")
                .execute(Tuple.from(Arrays.asList(title, description, occurredAt, severity, impact, actor)))
                .map(ProactiveRepository::first);
    }

    public Uni<Row> event(long id) {
        return pool.preparedQuery("select * from market_event where id = $1").execute(Tuple.of(id))
                .map(ProactiveRepository::first);
    }

    /** Events newest first, one page, and how many there are. */
    public Uni<Page> events(int page, int size) {
        return pool.preparedQuery("select *, count(*) over () as total from market_event"
                        + " order by created_at desc, id desc limit $1 offset $2")
                .execute(Tuple.of(size, (long) page * size)).map(ProactiveRepository::page);
    }

    // ---- ranking --------------------------------------------------------------------------------

    /** The outcome of ranking an event: its row (with the counts) or why not. */
    public record Ranked(Row event, String refusal) {
    }

    /**
     * Ranks the event's customers again, replacing its list, unless its list was started. {@code codes}:
     * [{code, move}]; {@code types}: [{asset_type, min_share (0 to 1), move}].
     */
    public Uni<Ranked> rank(long eventId, JsonArray codes, JsonArray types, Rule rule, JsonObject ranking,
                            String actor) {
        return pool.withTransaction(tx -> tx.preparedQuery("select started_at from market_event where id = $1 for update")
                .execute(Tuple.of(eventId)).chain(rows -> {
                    Row e = first(rows);
                    if (e == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (e.getValue("started_at") != null) {
                        return Uni.createFrom().item(new Ranked(null, "started"));
                    }
                    // The ranking sorts and groups a whole book: in memory, not in temporary files.
                    return tx.query("set local work_mem = '64MB'").execute()
                            .chain(() -> tx.preparedQuery("delete from proactive_target where event_id = $1")
                                    .execute(Tuple.of(eventId)))
                            .chain(() -> tx.preparedQuery(RANK.formatted(DataScope.ALL.sql("c.id"))).execute(Tuple.from(Arrays.asList(
                                    eventId, codes, types, rule.moneyReference(), rule.diamond(), rule.gold(),
                                    rule.standard(), (double) rule.recencyDays(), rule.moneyWeight(),
                                    rule.shareWeight(), rule.tierWeight(), rule.recencyWeight(), rule.callFrom(),
                                    rule.smsFrom()))))
                            .chain(inserted -> tx.preparedQuery("update market_event set assessed_at = now(),"
                                            + " assessed_by = $2, ranking = $3, targets = $4 where id = $1 returning *")
                                    .execute(Tuple.of(eventId, actor, ranking, inserted.rowCount())))
                            .map(rows2 -> new Ranked(first(rows2), null));
                }));
    }

    /** One page of an event's list in rank order, with the number of rows the user may see. */
    public Uni<Page> targets(long eventId, int page, int size, DataScope scope) {
        return pool.preparedQuery(TARGET + " where t.event_id = $1 and " + scope.sql("t.customer_id")
                        + " order by t.rank limit $2 offset $3")
                .execute(Tuple.of(eventId, size, (long) page * size))
                .chain(rows -> pool.preparedQuery("select count(*) from proactive_target t where t.event_id = $1 and "
                                + scope.sql("t.customer_id")).execute(Tuple.of(eventId))
                        .map(count -> {
                            List<Row> list = new ArrayList<>();
                            rows.forEach(list::add);
                            return new Page(list, count.iterator().next().getLong(0));
                        }));
    }

    public Uni<Row> target(long id, DataScope scope) {
        return pool.preparedQuery(TARGET + " where t.id = $1 and " + scope.sql("t.customer_id")).execute(Tuple.of(id))
                .map(ProactiveRepository::first);
    }

    /** The proactive task on an interaction, or null when it is none. */
    public Uni<Row> targetOfInteraction(long interactionId) {
        return pool.preparedQuery(TARGET + " where t.interaction_id = $1").execute(Tuple.of(interactionId))
                .map(ProactiveRepository::first);
    }

    /** Rows of a list and the number of them. */
    public record Page(List<Row> rows, long total) {
    }

    // ---- tasks ----------------------------------------------------------------------------------

    /** The outcome of a start: the event row, or why it could not start. */
    public record Started(Row event, int tasks, String refusal) {
    }

    /**
     * Makes every row of the event's list an outbound interaction (NEW, on the suggested channel, to the suggested
     * address, only the customer's team until {@code teamFirstUntil}) with its PROACTIVE_TASK touchpoint, in one
     * transaction that holds each customer's row (the touchpoint ordering rule of V2).
     */
    public Uni<Started> start(long eventId, long queueId, Instant teamFirstUntil, Instant dueBy, String actor) {
        return pool.withTransaction(tx -> tx.preparedQuery("select started_at, assessed_at, targets from market_event"
                        + " where id = $1 for update").execute(Tuple.of(eventId)).chain(rows -> {
                    Row e = first(rows);
                    if (e == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (e.getValue("started_at") != null) {
                        return Uni.createFrom().item(new Started(null, 0, "started"));
                    }
                    if (e.getValue("assessed_at") == null) {
                        return Uni.createFrom().item(new Started(null, 0, "not-assessed"));
                    }
                    return tx.preparedQuery("select c.id from customer c where c.id in (select customer_id from"
                                    + " proactive_target where event_id = $1) order by c.id for update of c")
                            .execute(Tuple.of(eventId))
                            .chain(() -> tx.preparedQuery(START).execute(Tuple.of(eventId, utc(teamFirstUntil), actor)))
                            .chain(made -> tx.preparedQuery("update market_event set started_at = now(), started_by = $2,"
                                            + " queue_id = $3, team_first_until = $4, due_by = $5 where id = $1 returning *")
                                    .execute(Tuple.of(eventId, actor, queueId, utc(teamFirstUntil), utc(dueBy)))
                                    .map(updated -> new Started(first(updated), made.iterator().next().getInteger(0),
                                            null)));
                }));
    }

    private static final String START = """
            with t as materialized (
                select pt.id, pt.customer_id, pt.rank, pt.channel, pt.address, pt.score, pt.exposure, pt.impact,
                       pt.share, nextval(pg_get_serial_sequence('interaction', 'id')) as interaction_id,
                       case pt.channel when 'CALL' then 'VOICE' else pt.channel end as interaction_channel
                from proactive_target pt where pt.event_id = $1::bigint and pt.interaction_id is null
            ), e as (
                select title from market_event where id = $1::bigint
            ), made as (
                insert into interaction (id, customer_id, channel, direction, customer_address, channel_address,
                                         team_first_until, last_seq)
                select t.interaction_id, t.customer_id, t.interaction_channel, 'OUTBOUND', t.address, 'proactive', $2::timestamptz, 1
                from t order by t.rank
            ), marked as (
                update proactive_target p set interaction_id = t.interaction_id, state = 'QUEUED'
                from t where p.id = t.id
            ), tp as (
                insert into touchpoint (customer_id, interaction_id, seq, kind, channel, direction, place, employee,
                                        content, result, data)
                select t.customer_id, t.interaction_id, 1, 'PROACTIVE_TASK', t.interaction_channel, 'OUTBOUND',
                       'proactive', $3::varchar, e.title, 'listed',
                       jsonb_build_object('eventId', $1::bigint, 'targetId', t.id, 'rank', t.rank, 'score', t.score,
                                          'exposure', t.exposure, 'impact', t.impact, 'share', t.share,
                                          'suggestedChannel', t.channel, 'address', t.address)
                from t, e order by t.rank
                returning *
            ), ob as (
                insert into outbox (event_id, customer_id, payload)
                select tp.event_id, tp.customer_id, touchpoint_event(tp::touchpoint) from tp order by tp.id
            )
            select count(*)::int from t""";

    /** A task to hand to routing. */
    public record Task(long eventId, long interactionId, int rank) {
    }

    /** The event's tasks not yet in routing (their interaction is NEW), in rank order. */
    public Uni<List<Task>> unrouted(long eventId) {
        return pool.preparedQuery("select t.event_id, t.interaction_id, t.rank from proactive_target t"
                        + " join interaction i on i.id = t.interaction_id"
                        + " where t.event_id = $1 and i.state = 'NEW' order by t.rank")
                .execute(Tuple.of(eventId)).map(rows -> map(rows, r -> new Task(r.getLong(0), r.getLong(1),
                        r.getInteger(2))));
    }

    /** Started events whose tasks were not all handed to routing (a stop in the middle), started before {@code before}. */
    public Uni<List<Row>> unroutedEvents(Instant before) {
        return pool.preparedQuery("select * from market_event where started_at is not null and routed_at is null"
                + " and started_at < $1 order by id").execute(Tuple.of(utc(before))).map(rows -> map(rows, r -> r));
    }

    public Uni<Void> routed(long eventId) {
        return pool.preparedQuery("update market_event set routed_at = now() where id = $1").execute(Tuple.of(eventId))
                .replaceWithVoid();
    }

    /**
     * An agent took a proactive task: the row says who and since when, and a PROACTIVE_ASSIGNED touchpoint records
     * it. Nothing when the interaction is no proactive task (a call-back) or its row has a result.
     */
    public Uni<Void> assigned(long interactionId, long agentId) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                with t as (
                    update proactive_target set state = 'ASSIGNED', agent_id = $2::bigint, assigned_at = now()
                    where interaction_id = $1::bigint and outcome is null
                    returning id, event_id, customer_id, rank, channel, exposure, impact, score
                )
                select append_touchpoint(t.customer_id, $1::bigint, 'PROACTIVE_ASSIGNED',
                           case t.channel when 'CALL' then 'VOICE' else t.channel end, 'OUTBOUND', 'proactive', $2::bigint,
                           (select name from agent where id = $2::bigint), e.title, 'assigned',
                           jsonb_build_object('eventId', t.event_id, 'targetId', t.id, 'rank', t.rank,
                                              'suggestedChannel', t.channel, 'exposure', t.exposure,
                                              'impact', t.impact, 'score', t.score))
                from t join market_event e on e.id = t.event_id""").execute(Tuple.of(interactionId, agentId)))
                .replaceWithVoid();
    }

    /**
     * Records a task's result with its PROACTIVE_RESULT touchpoint (and, when the customer was reached, the customer's
     * last contact); null when the row is not ASSIGNED any more (a result came first).
     */
    public Uni<Row> result(long targetId, String outcome, boolean reached, String channelUsed, String note,
                           Long agentId, String employee, String actor) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                with t as (
                    update proactive_target set state = 'DONE', outcome = $2::varchar, channel_used = $3::varchar, note = $4::varchar,
                                                result_at = now(), result_by = $5::varchar
                    where id = $1::bigint and state = 'ASSIGNED'
                    returning *
                ), tp as (
                    select (append_touchpoint(t.customer_id, t.interaction_id, 'PROACTIVE_RESULT',
                                case $3::varchar when 'CALL' then 'VOICE' else $3::varchar end, 'OUTBOUND', 'proactive',
                                coalesce($6::bigint, t.agent_id), $7::varchar, $4::varchar, $2::varchar,
                                jsonb_build_object('eventId', t.event_id, 'targetId', t.id, 'rank', t.rank,
                                                   'suggestedChannel', t.channel, 'channelUsed', $3::varchar,
                                                   'reached', $8::boolean, 'recordedBy', $5::varchar))).occurred_at as at,
                           t.customer_id
                    from t
                ), c as (
                    update customer set last_contact_at = tp.at from tp where customer.id = tp.customer_id and $8::boolean
                )
                select t.id from t, tp""").execute(Tuple.from(Arrays.asList(targetId, outcome, channelUsed,
                        note, actor, agentId, employee, reached))))
                .map(ProactiveRepository::first);
    }

    // ---- progress -------------------------------------------------------------------------------

    /** Counts of the event's rows by advisor team (with its name), tier, state and outcome. */
    public Uni<List<Row>> progress(long eventId, DataScope scope) {
        return pool.preparedQuery("select t.advisor_team_id, tm.name as team_name, t.tier, t.state, t.outcome,"
                        + " count(*) as n from proactive_target t left join team tm on tm.id = t.advisor_team_id"
                        + " where t.event_id = $1 and " + scope.sql("t.customer_id")
                        + " group by 1, 2, 3, 4, 5").execute(Tuple.of(eventId)).map(rows -> map(rows, r -> r));
    }

    /** Results by time bucket from {@code origin}: when they were recorded, how many, how many reached the customer. */
    public Uni<List<Row>> resultsByTime(long eventId, Instant origin, Duration bucket, List<String> reached,
                                        DataScope scope) {
        return pool.preparedQuery("select date_bin(make_interval(secs => $3), t.result_at, $2) as bucket,"
                        + " count(*) filter (where t.outcome = any($4)) as reached, count(*) as results"
                        + " from proactive_target t where t.event_id = $1 and t.result_at is not null and "
                        + scope.sql("t.customer_id") + " group by 1 order by 1")
                .execute(Tuple.of(eventId, utc(origin), (double) bucket.toSeconds(), reached.toArray(String[]::new)))
                .map(rows -> map(rows, r -> r));
    }

    /** The id of the queue with this name, or null. */
    public Uni<Long> queueNamed(String name) {
        return pool.preparedQuery("select id from queue where name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** An agent's name, or null. */
    public Uni<String> agentName(Long agentId) {
        if (agentId == null) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("select name from agent where id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Page page(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>();
        long total = 0;
        for (Row r : rows) {
            list.add(r);
            total = r.getLong("total");
        }
        return new Page(list, total);
    }

    private static Row first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> f) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(f.apply(r)));
        return list;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
