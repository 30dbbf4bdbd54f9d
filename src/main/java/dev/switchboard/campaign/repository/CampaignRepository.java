package dev.switchboard.campaign.repository;

import dev.switchboard.campaign.CampaignApi.Conversion;
import dev.switchboard.campaign.CampaignApi.IndicatorRange;
import dev.switchboard.campaign.CampaignApi.Segment;
import dev.switchboard.campaign.CampaignState;
import dev.switchboard.campaign.Indicator;
import dev.switchboard.organisation.scope.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Campaigns and their members (V30). A segment is one condition over the customer table; starting a campaign
 * writes all its members in one statement; the runner takes them in their random order.
 */
@ApplicationScoped
public class CampaignRepository {

    /** The columns of a campaign row as the views read them. */
    private static final String CAMPAIGN = "select id, name, description, owner, state, segment::text as segment,"
            + " channels, templates::text as templates, expected_response, control_percent, rate_per_minute,"
            + " not_before, not_after, to_char(quiet_from, 'HH24:MI') as quiet_from,"
            + " to_char(quiet_to, 'HH24:MI') as quiet_to, time_zone, response_days, conversion::text as conversion,"
            + " costs::text as costs, segment_count, members, created_at, approved_by, approved_at, started_by,"
            + " started_at, finished_at from campaign";

    private final Pool pool;

    CampaignRepository(Pool pool) {
        this.pool = pool;
    }

    /** Positional parameters of a statement being built: each value added answers its placeholder. */
    static final class Args {
        final Tuple tuple = Tuple.tuple();
        private int n;

        String add(Object value) {
            tuple.addValue(value);
            return "$" + (++n);
        }
    }

    /**
     * The segment's customers with the channel each would get (the first of {@code channels}, the customer's
     * preferredChannel attribute first, with an address and no opt-out), its address, and whether it opted out of
     * a channel it has an address for. {@code baseline}: an indicator's column to carry along, or null.
     */
    static String segment(Segment s, List<String> channels, DataScope scope, Indicator baseline, Args args) {
        String ch = args.add(channels.toArray(String[]::new));
        StringBuilder where = new StringBuilder("c.merged_into_id is null and not c.provisional and ")
                .append(scope.sql("c.id"));
        if (s.tiers() != null && !s.tiers().isEmpty()) {
            where.append(" and c.tier = any(").append(args.add(s.tiers().stream().map(Enum::name)
                    .toArray(String[]::new))).append(")");
        }
        if (s.unitIds() != null && !s.unitIds().isEmpty()) {
            where.append(" and c.branch_id in (with recursive sub as (select id from org_unit where id = any(")
                    .append(args.add(s.unitIds().toArray(Long[]::new)))
                    .append(") union select u.id from org_unit u join sub on u.parent_id = sub.id) select id from sub)");
        }
        if (s.advisorTeamIds() != null && !s.advisorTeamIds().isEmpty()) {
            where.append(" and c.advisor_team_id = any(").append(args.add(s.advisorTeamIds().toArray(Long[]::new)))
                    .append(")");
        }
        for (IndicatorRange r : s.indicators() == null ? List.<IndicatorRange>of() : s.indicators()) {
            if (r.min() != null) {
                where.append(" and c.").append(r.indicator().column()).append(" >= ")
                        .append(args.add(r.min())).append("::numeric");
            }
            if (r.max() != null) {
                where.append(" and c.").append(r.indicator().column()).append(" <= ")
                        .append(args.add(r.max())).append("::numeric");
            }
        }
        if (s.holdsAny() != null && !s.holdsAny().isEmpty()) {
            where.append(" and exists (select 1 from holding h where h.customer_id = c.id and h.market_value > 0"
                    + " and h.security_code = any(").append(args.add(s.holdsAny().stream().map(String::toUpperCase)
                    .toArray(String[]::new))).append("))");
        }
        for (var share : s.assetShares() == null ? List.<dev.switchboard.campaign.CampaignApi.AssetShare>of()
                : s.assetShares()) {
            where.append(" and exists (select 1 from customer_asset_mix x where x.customer_id = c.id and x.asset_type = ")
                    .append(args.add(share.assetType().toUpperCase())).append(" and x.share > ")
                    .append(args.add(share.minSharePercent())).append("::numeric / 100)");
        }
        if (s.notContactedForDays() != null) {
            where.append(" and (c.last_contact_at is null or c.last_contact_at < now() - make_interval(days => ")
                    .append(args.add(s.notContactedForDays())).append("))");
        }
        String reachable = "(x.ch = 'SMS' and a.phone is not null and not c.sms_opt_out)"
                + " or (x.ch = 'EMAIL' and a.email is not null and not c.email_opt_out)"
                + " or (x.ch = 'CALL' and a.phone is not null)";
        return """
                select c.id, c.tier, c.name, ch.channel,
                       case ch.channel when 'EMAIL' then a.email when 'SMS' then a.phone when 'CALL' then a.phone end
                           as address,
                       (a.phone is not null and 'SMS' = any(%1$s) and c.sms_opt_out)
                           or (a.email is not null and 'EMAIL' = any(%1$s) and c.email_opt_out) as opted_out,
                       %4$s as baseline
                from customer c
                cross join lateral (
                    select (select cp.value from contact_point cp where cp.customer_id = c.id and cp.type = 'PHONE'
                              and not cp.failing order by cp.verified desc, cp.id limit 1) as phone,
                           (select cp.value from contact_point cp where cp.customer_id = c.id and cp.type = 'EMAIL'
                              and not cp.failing order by cp.verified desc, cp.id limit 1) as email) a
                cross join lateral (
                    select (select x.ch from unnest(%1$s::varchar[]) with ordinality as x(ch, n) where %2$s
                            order by coalesce(x.ch = c.attributes ->> 'preferredChannel', false) desc, x.n
                            limit 1) as channel) ch
                where %3$s
                """.formatted(ch, reachable, where, baseline == null ? "null::numeric" : "c." + baseline.column());
    }

    /** The segment's customers by tier and by channel (OPTED_OUT, NO_ADDRESS when none). */
    public Uni<List<Row>> count(Segment segment, List<String> channels, DataScope scope) {
        Args args = new Args();
        String sql = "with seg as (" + segment(segment, channels, scope, null, args) + ")"
                + " select tier, coalesce(channel, case when opted_out then 'OPTED_OUT' else 'NO_ADDRESS' end) as k,"
                + " count(*) as n from seg group by 1, 2";
        return pool.preparedQuery(sql).execute(args.tuple).map(CampaignRepository::list);
    }

    /** Stores a plan; returns its id. The JSON columns come as text. */
    public Uni<Long> create(Tuple plan) {
        return pool.preparedQuery("""
                insert into campaign (name, description, owner, segment, channels, templates, expected_response,
                                      control_percent, rate_per_minute, not_before, not_after, quiet_from, quiet_to,
                                      time_zone, response_days, conversion, costs, segment_count)
                values ($1, $2, $3, $4::text::jsonb, $5, $6::text::jsonb, $7, $8, $9, $10, $11, $12, $13,
                        $14, $15, $16::text::jsonb, $17::text::jsonb, $18)
                returning id
                """).execute(plan).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Replaces a plan that has not started (an approval is dropped); false when it started or is gone. */
    public Uni<Boolean> replace(long id, Tuple plan) {
        return pool.preparedQuery("""
                update campaign set name = $1, description = $2, owner = $3, segment = $4::text::jsonb, channels = $5,
                    templates = $6::text::jsonb, expected_response = $7, control_percent = $8, rate_per_minute = $9,
                    not_before = $10, not_after = $11, quiet_from = $12, quiet_to = $13, time_zone = $14,
                    response_days = $15, conversion = $16::text::jsonb, costs = $17::text::jsonb, segment_count = $18,
                    state = 'DRAFT', approved_by = null, approved_at = null, updated_at = now()
                where id = $19 and state in ('DRAFT', 'APPROVED')
                """).execute(plan.addLong(id)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Row> campaign(long id) {
        return pool.preparedQuery(CAMPAIGN + " where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    public Uni<List<Row>> campaigns(int page, int size) {
        return pool.preparedQuery(CAMPAIGN + " order by created_at desc, id desc limit $1 offset $2")
                .execute(Tuple.of(size, (long) page * size)).map(CampaignRepository::list);
    }

    public Uni<Long> countCampaigns() {
        return pool.query("select count(*) from campaign").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Members by state (SKIPPED split by reason: SKIPPED:OPTED_OUT, ...). */
    public Uni<List<Row>> states(long id) {
        return pool.preparedQuery("select state || coalesce(':' || skip_reason, '') as k, count(*) as n"
                + " from campaign_member where campaign_id = $1 group by 1").execute(Tuple.of(id))
                .map(CampaignRepository::list);
    }

    /** Moves a campaign from one state to another with the columns given; false when it was not in {@code from}. */
    public Uni<Boolean> transition(long id, List<CampaignState> from, CampaignState to, String set, Object... values) {
        Tuple args = Tuple.of(id, from.stream().map(Enum::name).toArray(String[]::new), to.name());
        for (Object v : values) {
            args.addValue(v);
        }
        return pool.preparedQuery("update campaign set state = $3, updated_at = now()" + (set.isEmpty() ? "" : ", " + set)
                        + " where id = $1 and state = any($2)").execute(args).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Starts an approved campaign: its members in one statement (the segment as it is now, each reachable customer
     * held out with the control share, by a hash of campaign and customer), and the campaign RUNNING. Null when
     * it was not approved.
     */
    public Uni<Integer> start(long id, String by, Segment segment, List<String> channels, DataScope scope,
                              Conversion conversion, double controlPercent) {
        Indicator baseline = conversion != null && conversion.indicator() != null ? conversion.indicator() : null;
        return pool.withTransaction(tx -> tx.preparedQuery("update campaign set state = 'RUNNING', started_by = $2,"
                        + " started_at = now(), updated_at = now() where id = $1 and state = 'APPROVED'")
                .execute(Tuple.of(id, by)).flatMap(started -> {
                    if (started.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Args args = new Args();
                    String seg = segment(segment, channels, scope, baseline, args);
                    String campaign = args.add(id);
                    String control = args.add(controlPercent);
                    String sql = """
                            insert into campaign_member (campaign_id, customer_id, ord, control, tier, channel, address,
                                                         state, skip_reason, baseline)
                            select %1$s::bigint, s.id, row_number() over (order by md5(%1$s::bigint::text || ':' || s.id)), s.control,
                                   s.tier, s.channel, s.address,
                                   case when s.channel is null then 'SKIPPED'
                                        when s.channel = 'CALL' and not s.control then 'LISTED' else 'PENDING' end,
                                   case when s.channel is not null then null when s.opted_out then 'OPTED_OUT'
                                        else 'NO_ADDRESS' end,
                                   s.baseline
                            from (select seg.*, seg.channel is not null and ('x' || substr(md5(%1$s::bigint::text || '/' || seg.id),
                                             1, 7))::bit(28)::int %% 10000 < %2$s::float8 * 100 as control
                                  from (%3$s) seg) s
                            """.formatted(campaign, control, seg);
                    return tx.preparedQuery(sql).execute(args.tuple).flatMap(inserted -> tx.preparedQuery(
                                    "update campaign set members = $2 where id = $1")
                            .execute(Tuple.of(id, inserted.rowCount())).map(x -> inserted.rowCount()));
                }));
    }

    /** Running campaigns, oldest first. */
    public Uni<List<Long>> running() {
        return pool.query("select id from campaign where state = 'RUNNING' order by id").execute()
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** Takes or renews the campaign's lease for this instance; the campaign's row when held, else null. */
    public Uni<Row> lease(long id, String instance, Duration lease) {
        return pool.preparedQuery("update campaign set runner = $2, runner_until = now() + make_interval(secs => $3)"
                        + " where id = $1 and state = 'RUNNING' and (runner is null or runner = $2 or runner_until < now())"
                        + " returning id").execute(Tuple.of(id, instance, lease.toMillis() / 1000.0))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().nullItem() : campaign(id));
    }

    /** The next pending members in the campaign's order, with the customer as it is now. */
    public Uni<List<Row>> next(long id, int limit) {
        return pool.preparedQuery("""
                select m.customer_id, m.control, m.channel, m.address, m.tier, c.name, c.sms_opt_out, c.email_opt_out,
                       c.merged_into_id
                from campaign_member m join customer c on c.id = m.customer_id
                where m.campaign_id = $1 and m.state = 'PENDING'
                order by m.ord limit $2
                """).execute(Tuple.of(id, limit)).map(CampaignRepository::list);
    }

    /**
     * Claims a pending member for its message, inside the transaction that stores the message: false when it is
     * no longer pending (another instance took it), so the caller stores nothing.
     */
    public Uni<Boolean> claimForSend(SqlClient tx, long id, long customerId, int responseDays) {
        return tx.preparedQuery("update campaign_member set state = 'SENT', reference_at = now(),"
                        + " respond_until = now() + make_interval(days => $3)"
                        + " where campaign_id = $1 and customer_id = $2 and state = 'PENDING'")
                .execute(Tuple.of(id, customerId, responseDays)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> sent(SqlClient tx, long id, long customerId, long interactionId, long touchpointId) {
        return tx.preparedQuery("update campaign_member set interaction_id = $3, touchpoint_id = $4"
                        + " where campaign_id = $1 and customer_id = $2")
                .execute(Tuple.of(id, customerId, interactionId, touchpointId)).replaceWithVoid();
    }

    /** A held-out member's turn came: its response window starts as a sent message's would. */
    public Uni<Void> heldOut(long id, long customerId, int responseDays) {
        return pool.preparedQuery("update campaign_member set state = 'HELD_OUT', reference_at = now(),"
                        + " respond_until = now() + make_interval(days => $3)"
                        + " where campaign_id = $1 and customer_id = $2 and state = 'PENDING'")
                .execute(Tuple.of(id, customerId, responseDays)).replaceWithVoid();
    }

    public Uni<Void> skip(long id, long customerId, String reason, String detail) {
        return pool.preparedQuery("update campaign_member set state = 'SKIPPED', skip_reason = $3, detail = $4"
                        + " where campaign_id = $1 and customer_id = $2 and state = 'PENDING'")
                .execute(Tuple.of(id, customerId, reason, detail)).replaceWithVoid();
    }

    /** Every pending member skipped for the reason (the schedule ended, the campaign was cancelled). */
    public Uni<Integer> skipPending(long id, String reason) {
        return pool.preparedQuery("update campaign_member set state = 'SKIPPED', skip_reason = $2"
                        + " where campaign_id = $1 and state in ('PENDING', 'LISTED')")
                .execute(Tuple.of(id, reason)).map(rows -> rows.rowCount());
    }

    /** Marks a running campaign with no pending member left DONE; false while some are pending. */
    public Uni<Boolean> finishIfDone(long id) {
        return pool.preparedQuery("update campaign set state = 'DONE', finished_at = now(), updated_at = now(),"
                        + " runner = null, runner_until = null where id = $1 and state = 'RUNNING' and not exists"
                        + " (select 1 from campaign_member where campaign_id = $1 and state = 'PENDING')")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** A page of members in the campaign's order, optionally of one state, limited to the caller's scope. */
    public Uni<List<Row>> members(long id, String state, DataScope scope, int page, int size) {
        return pool.preparedQuery("""
                select m.*, c.name, o.status as delivery
                from campaign_member m join customer c on c.id = m.customer_id
                left join outbound_message o on o.touchpoint_id = m.touchpoint_id
                where m.campaign_id = $1 and ($2::varchar is null or m.state = $2) and %s
                order by m.ord limit $3 offset $4
                """.formatted(scope.sql("m.customer_id")))
                .execute(Tuple.of(id, state, size, (long) page * size)).map(CampaignRepository::list);
    }

    public Uni<Long> countMembers(long id, String state, DataScope scope) {
        return pool.preparedQuery("select count(*) from campaign_member m where m.campaign_id = $1"
                        + " and ($2::varchar is null or m.state = $2) and " + scope.sql("m.customer_id"))
                .execute(Tuple.of(id, state)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** One member with its customer's name; null when none. */
    public Uni<Row> member(SqlClient client, long id, long customerId) {
        return (client == null ? pool : client).preparedQuery("select m.*, c.name, null::varchar as delivery"
                        + " from campaign_member m join customer c on c.id = m.customer_id"
                        + " where m.campaign_id = $1 and m.customer_id = $2 for update of m")
                .execute(Tuple.of(id, customerId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /**
     * Records an agent's call to a call-list member and its CAMPAIGN_CALL touchpoint (VOICE, the agent, the note
     * as content, the outcome as result); its response window starts now.
     */
    public Uni<Void> called(SqlClient tx, long id, long customerId, String campaignName, Long agentId, String employee,
                            String outcome, String note, int responseDays) {
        return tx.preparedQuery("update campaign_member set state = 'CALLED', called_by = $3, call_outcome = $4,"
                        + " reference_at = now(), respond_until = now() + make_interval(days => $5)"
                        + " where campaign_id = $1 and customer_id = $2")
                .execute(Tuple.of(id, customerId, employee, outcome, responseDays))
                .chain(() -> tx.preparedQuery("select (append_touchpoint($1, null, 'CAMPAIGN_CALL', 'VOICE', 'OUTBOUND',"
                                + " null, $2, $3, $4, $5, jsonb_build_object('campaignId', $6::bigint, 'campaign', $7::text)))"
                                + ".id").execute(Tuple.tuple().addLong(customerId).addValue(agentId).addString(employee)
                                .addString(note).addString(outcome).addLong(id).addString(campaignName)))
                .replaceWithVoid();
    }

    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    /**
     * The evaluation's figures per (control, tier, channel): members, reached, delivered (a delivery report, or an
     * email the server took with no bounce after), failed, skipped, opted out since (of the channel it was sent on),
     * responded, converted, and SMS parts.
     */
    public Uni<List<Row>> figures(long id, Conversion conversion) {
        Args args = new Args();
        String campaign = args.add(id);
        String converted = "false";
        if (conversion != null) {
            converted = switch (conversion.type()) {
                case SERVICE_REQUEST -> "exists (select 1 from service_request sr where sr.customer_id = m.customer_id"
                        + " and sr.type = " + args.add(conversion.serviceRequestType().name())
                        + " and sr.created_at >= m.reference_at and sr.created_at < m.respond_until)";
                case DISPOSITION -> "exists (select 1 from touchpoint w where w.customer_id = m.customer_id"
                        + " and w.kind = 'WRAPPED' and w.result = " + args.add(conversion.disposition())
                        + " and w.occurred_at >= m.reference_at and w.occurred_at < m.respond_until)";
                case INDICATOR -> "(c." + conversion.indicator().column() + " - m.baseline >= "
                        + args.add(conversion.minIncrease()) + "::numeric)";
            };
        }
        return pool.preparedQuery("""
                select m.control, m.tier, coalesce(m.channel, 'NONE') as channel, count(*) as members,
                       count(*) filter (where m.state in ('SENT', 'CALLED', 'HELD_OUT')) as reached,
                       count(*) filter (where o.status = 'DELIVERED' or (o.status = 'SENT' and m.channel = 'EMAIL'))
                           as delivered,
                       count(*) filter (where o.status = 'FAILED') as failed,
                       count(*) filter (where m.state = 'SKIPPED') as skipped,
                       count(*) filter (where m.state = 'SENT' and (m.channel = 'SMS' and c.sms_opt_out
                                                                     or m.channel = 'EMAIL' and c.email_opt_out))
                           as opted_out,
                       count(*) filter (where m.responded_at is not null) as responded,
                       count(*) filter (where m.reference_at is not null and %s) as converted,
                       coalesce(sum(coalesce((t.data ->> 'segments')::int, 1)) filter (where m.channel = 'SMS' and m.touchpoint_id is not null), 0)
                           as sms_parts
                from campaign_member m
                join customer c on c.id = m.customer_id
                left join outbound_message o on o.touchpoint_id = m.touchpoint_id
                left join touchpoint t on t.id = m.touchpoint_id
                where m.campaign_id = %s
                group by 1, 2, 3
                """.formatted(converted, campaign)).execute(args.tuple).map(CampaignRepository::list);
    }

    private static List<Row> list(Iterable<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }
}
