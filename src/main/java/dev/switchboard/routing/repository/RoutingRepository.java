package dev.switchboard.routing.repository;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.routing.engine.AgentProfile;
import dev.switchboard.routing.engine.QueueProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The records routing reads to rebuild its state, and the journal it writes every change to. */
@ApplicationScoped
public class RoutingRepository {

    private static final String AGENTS = """
            select a.id, a.name, a.team_id, a.tier_clearance, a.channels, a.capacity, u.username,
                   (select json_object_agg(s.skill, s.level) from agent_skill s where s.agent_id = a.id) as skills
            from agent a left join app_user u on u.id = a.user_id""";

    private static final String QUEUES = """
            select q.id, q.name, q.teams, q.overflow_teams, q.overflow_queue_id, q.dispositions,
                   (select json_object_agg(s.skill, s.level) from queue_skill s where s.queue_id = q.id) as skills,
                   (select json_agg(json_build_object('tier', t.tier, 'channel', t.channel, 'seconds', t.target_seconds))
                    from queue_answer_target t where t.queue_id = q.id) as targets
            from queue q""";

    /** An interaction with what routing needs of it and of its customer. */
    private static final String ROUTED = """
            select i.id, i.customer_id, i.channel, i.direction, i.queue_id, i.agent_id, i.state, i.tier as routed_tier,
                   c.tier as customer_tier, c.advisor_team_id, i.created_at, i.queued_at, i.target_at, i.due_by,
                   i.pinned_agent_id, i.answered_at, i.wrap_up_until, last.agent_id as last_agent_id,
                   last.answered_at as last_served_at, i.team_first_until
            from interaction i
            join customer c on c.id = i.customer_id
            left join lateral (select p.agent_id, p.answered_at from interaction p
                               where p.customer_id = i.customer_id and p.agent_id is not null
                                 and p.answered_at is not null and p.id <> i.id
                               order by p.answered_at desc limit 1) last on true
            """;

    private final Pool pool;

    RoutingRepository(Pool pool) {
        this.pool = pool;
    }

    /** An agent record with the user name it signs in with (null when it has no user). */
    public record AgentRecord(AgentProfile profile, String username) {
    }

    /** A queue record with its own answer targets, keyed "TIER/CHANNEL" in seconds. */
    public record QueueRecord(QueueProfile profile, Map<String, Integer> targets) {
    }

    /** An agent's recorded presence. */
    public record PresenceRecord(long agentId, String presence, String reason, Set<Channel> channels, Instant since,
                                 Instant readySince, int misses) {
    }

    /** An interaction as routing sees it. */
    public record RoutedRecord(long id, long customerId, Channel channel, Long queueId, Long agentId, String state,
                               Tier tier, Long advisorTeamId, Instant createdAt, Instant queuedAt, Instant targetAt,
                               Instant dueBy, Long pinnedAgentId, Instant answeredAt, Instant wrapUpUntil,
                               Long lastAgentId, Instant lastServedAt, Direction direction, Instant teamFirstUntil) {
    }

    public Uni<List<AgentRecord>> agents() {
        return pool.query(AGENTS).execute().map(rows -> map(rows, RoutingRepository::agent));
    }

    public Uni<AgentRecord> agent(long id) {
        return pool.preparedQuery(AGENTS + " where a.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : agent(rows.iterator().next()));
    }

    public Uni<List<QueueRecord>> queues() {
        return pool.query(QUEUES).execute().map(rows -> map(rows, RoutingRepository::queue));
    }

    public Uni<QueueRecord> queue(long id) {
        return pool.preparedQuery(QUEUES + " where q.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : queue(rows.iterator().next()));
    }

    public Uni<List<PresenceRecord>> presence() {
        return pool.query("select * from agent_presence").execute().map(rows -> map(rows, r -> new PresenceRecord(
                r.getLong("agent_id"), r.getString("presence"), r.getString("reason"),
                channels(r.getString("channels")), instant(r, "since"), instant(r, "ready_since"),
                r.getInteger("misses"))));
    }

    /** Interactions that routing holds: waiting, offered, active or wrapping up. */
    public Uni<List<RoutedRecord>> routed() {
        return pool.query(ROUTED + " where i.state in ('QUEUED', 'OFFERED', 'ACTIVE', 'WRAP_UP')").execute()
                .map(rows -> map(rows, RoutingRepository::routed));
    }

    public Uni<RoutedRecord> interaction(long id) {
        return pool.preparedQuery(ROUTED + " where i.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : routed(rows.iterator().next()));
    }

    /** The queue that takes a channel when a contact names none: the oldest queue listing it. */
    public Uni<Long> defaultQueue(Channel channel) {
        return pool.preparedQuery("select id from queue where ',' || channels || ',' like $1 order by id limit 1")
                .execute(Tuple.of("%," + channel.name() + ",%"))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /** The agent a user signs in as, or null. */
    public Uni<Long> agentOfUser(String username) {
        return pool.preparedQuery("select a.id from agent a join app_user u on u.id = a.user_id where u.username = $1")
                .execute(Tuple.of(username))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /**
     * Counts of the contacts that left queues since {@code from}, per queue and tier: answered and
     * abandoned (each also within target), total answer wait, handled and total handle time in ms.
     */
    public Uni<RowSet<Row>> statistics(Instant from) {
        return pool.preparedQuery("""
                select queue_id, tier,
                  count(*) filter (where answered_at is not null) as answered,
                  count(*) filter (where answered_at is not null and answered_at <= target_at) as answered_in_target,
                  count(*) filter (where state = 'ABANDONED') as abandoned,
                  count(*) filter (where state = 'ABANDONED' and ended_at <= target_at) as abandoned_in_target,
                  coalesce(sum(extract(epoch from answered_at - queued_at) * 1000)
                           filter (where answered_at is not null), 0)::bigint as answer_wait_ms,
                  count(*) filter (where wrapped_at is not null and answered_at is not null) as handled,
                  coalesce(sum(extract(epoch from wrapped_at - answered_at) * 1000)
                           filter (where wrapped_at is not null and answered_at is not null), 0)::bigint as handle_ms
                from interaction
                where queue_id is not null and tier is not null and queued_at >= $1
                group by queue_id, tier""").execute(Tuple.of(OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC)));
    }

    /** An agent's misses and pauses since the start of the day, and the state its log ends in. */
    public record AgentDayRecord(long agentId, int missed, int paused, String lastState) {
    }

    /**
     * Each agent's offers missed (declined or timed out) and pauses begun (a logged state PAUSED after
     * one that was not) since {@code from}, with the state last written to its log.
     */
    public Uni<List<AgentDayRecord>> agentDay(Instant from) {
        return pool.preparedQuery("""
                with missed as (
                  select agent_id, count(*) as n from touchpoint
                  where kind = 'DECLINED' and result in ('declined', 'timeout') and occurred_at >= $1
                    and agent_id is not null
                  group by agent_id),
                log as (
                  select agent_id, state, since,
                         lag(state) over (partition by agent_id order by since, id) as before
                  from agent_state_log where since >= $1::timestamptz - interval '1 day'),
                paused as (
                  select agent_id, count(*) as n from log
                  where since >= $1 and state = 'PAUSED' and before is distinct from 'PAUSED'
                  group by agent_id)
                select a.id, coalesce(m.n, 0) as missed, coalesce(p.n, 0) as paused, ap.state as last_state
                from agent a
                left join missed m on m.agent_id = a.id
                left join paused p on p.agent_id = a.id
                left join agent_presence ap on ap.agent_id = a.id""")
                .execute(Tuple.of(OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC)))
                .map(rows -> map(rows, r -> new AgentDayRecord(r.getLong("id"), r.getLong("missed").intValue(),
                        r.getLong("paused").intValue(), r.getString("last_state"))));
    }

    /**
     * A queue's contacts per 15-minute interval (aligned to the epoch, so to local quarter hours in
     * every zone) between {@code from} and {@code to}: arrivals by queued_at, answers by answered_at
     * and abandons by ended_at, each also within the answer target. Contacts that joined the queue up
     * to a day before {@code from} count for the answers and abandons they had in the range.
     */
    public Uni<RowSet<Row>> intervals(long queueId, Instant from, Instant to) {
        return pool.preparedQuery("""
                with i as (
                  select queued_at, answered_at, ended_at, state, target_at from interaction
                  where queue_id = $1 and queued_at >= $2::timestamptz - interval '1 day' and queued_at < $3),
                e as (
                  select queued_at as at, 'arrived' as what, false as in_target from i
                  union all
                  select answered_at, 'answered', answered_at <= target_at from i where answered_at is not null
                  union all
                  select ended_at, 'abandoned', ended_at <= target_at from i
                  where state = 'ABANDONED' and ended_at is not null)
                select (floor(extract(epoch from at) / 900) * 900)::bigint as bucket,
                  count(*) filter (where what = 'arrived') as arrived,
                  count(*) filter (where what = 'answered') as answered,
                  count(*) filter (where what = 'answered' and in_target) as answered_in_target,
                  count(*) filter (where what = 'abandoned') as abandoned,
                  count(*) filter (where what = 'abandoned' and in_target) as abandoned_in_target
                from e where at >= $2 and at < $3
                group by bucket""").execute(Tuple.of(queueId, OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
                OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC)));
    }

    /**
     * Writes a batch of routing changes in one transaction (see {@code routing_apply} in V3): one
     * statement, which PostgreSQL runs atomically, so no BEGIN and COMMIT round trips.
     *
     * @param changes a JSON array of changes, as text (the journal writes each change as text once)
     */
    public Uni<Integer> apply(String changes) {
        return pool.preparedQuery("select routing_apply($1::text::jsonb) as n").execute(Tuple.of(changes))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /**
     * As {@link #apply(String)}, refused with SQLSTATE {@code SB002} when another owner has taken the partition
     * since {@code epoch} ({@code routing_apply_fenced} in V33).
     */
    public Uni<Integer> apply(String changes, int partition, long epoch) {
        return pool.preparedQuery("select routing_apply_fenced($1::text::jsonb, $2, $3) as n")
                .execute(Tuple.of(changes, partition, epoch))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /** Makes this instance the owner of a routing partition: the epoch its journal writes carry from now on. */
    public Uni<Long> take(int partition, String instanceId) {
        return pool.preparedQuery("select routing_take($1, $2) as epoch").execute(Tuple.of(partition, instanceId))
                .map(rows -> rows.iterator().next().getLong("epoch"));
    }

    private static AgentRecord agent(Row r) {
        return new AgentRecord(new AgentProfile(r.getLong("id"), r.getString("name"), r.getLong("team_id"),
                tiers(r.getString("tier_clearance")), channels(r.getString("channels")), skills(r.getValue("skills")),
                r.getInteger("capacity")), r.getString("username"));
    }

    private static QueueRecord queue(Row r) {
        Map<String, Integer> targets = new HashMap<>();
        Object t = r.getValue("targets");
        if (t instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                JsonObject o = array.getJsonObject(i);
                targets.put(o.getString("tier") + "/" + o.getString("channel"), o.getInteger("seconds"));
            }
        }
        return new QueueRecord(new QueueProfile(r.getLong("id"), r.getString("name"), ids(r.getString("teams")),
                skills(r.getValue("skills")), ids(r.getString("overflow_teams")), r.getLong("overflow_queue_id"),
                dispositionCodes(r.getString("dispositions"))), targets);
    }

    /** The codes of a queue's dispositions (a JSON array of objects with a {@code code}), in order. */
    private static List<String> dispositionCodes(String json) {
        List<String> codes = new ArrayList<>();
        if (json != null) {
            new JsonArray(json).forEach(d -> codes.add(((JsonObject) d).getString("code")));
        }
        return codes;
    }

    private static RoutedRecord routed(Row r) {
        String tier = r.getString("routed_tier");
        return new RoutedRecord(r.getLong("id"), r.getLong("customer_id"), Channel.valueOf(r.getString("channel")),
                r.getLong("queue_id"), r.getLong("agent_id"), r.getString("state"),
                Tier.valueOf(tier != null ? tier : r.getString("customer_tier")), r.getLong("advisor_team_id"),
                instant(r, "created_at"), instant(r, "queued_at"), instant(r, "target_at"), instant(r, "due_by"),
                r.getLong("pinned_agent_id"), instant(r, "answered_at"), instant(r, "wrap_up_until"),
                r.getLong("last_agent_id"), instant(r, "last_served_at"),
                Direction.valueOf(r.getString("direction")), instant(r, "team_first_until"));
    }

    private static Map<String, Integer> skills(Object json) {
        Map<String, Integer> skills = new HashMap<>();
        if (json instanceof JsonObject o) {
            o.forEach(e -> skills.put(e.getKey(), ((Number) e.getValue()).intValue()));
        }
        return skills;
    }

    private static Set<Tier> tiers(String csv) {
        EnumSet<Tier> set = EnumSet.noneOf(Tier.class);
        split(csv).forEach(s -> set.add(Tier.valueOf(s)));
        return set;
    }

    public static Set<Channel> channels(String csv) {
        EnumSet<Channel> set = EnumSet.noneOf(Channel.class);
        split(csv).forEach(s -> set.add(Channel.valueOf(s)));
        return set;
    }

    private static List<Long> ids(String csv) {
        return split(csv).stream().map(Long::valueOf).toList();
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> f) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(r -> list.add(f.apply(r)));
        return list;
    }
}
