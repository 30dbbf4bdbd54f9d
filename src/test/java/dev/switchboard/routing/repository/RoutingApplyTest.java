package dev.switchboard.routing.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code routing_apply} writes a batch of eight changes or more with one statement per table (V37): what it writes is
 * what the batch's changes written one by one (a single change goes V3's way, change by change) write, with an
 * interaction that several changes touch updated once.
 */
@QuarkusTest
class RoutingApplyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RoutingRepository repository;

    @Inject
    Pool pool;

    /**
     * One customer, its chat (state NEW: routing restored from the records in a later test leaves it alone) and the
     * agent it goes to.
     */
    private record Scene(long customer, long interaction, long agent, long queue) {
    }

    @Test
    void aBatchWritesWhatItsChangesWrittenOneByOneWrite() {
        Scene batched = scene();
        Scene single = scene();

        assertThat(repository.apply(new JsonArray(chat(batched)).encode()).await().atMost(WAIT))
                .isEqualTo(chat(batched).size());
        for (JsonObject change : chat(single)) {
            repository.apply(new JsonArray(List.of(change)).encode()).await().atMost(WAIT);
        }

        assertThat(interaction(batched)).isEqualTo(interaction(single))
                .startsWith("CLOSED|true|GOLD|true|4|done|null|");
        assertThat(touchpoints(batched)).isEqualTo(touchpoints(single))
                .containsExactly("1|OFFERED|agent|longest-idle|{\"rule\": \"longest-idle\"}",
                        "2|ACCEPTED|agent|null|{\"waitedMs\": 1200}",
                        "3|ENDED|agent|null|{\"wrapUpUntil\": \"2026-12-04T10:01:30Z\"}",
                        "4|WRAPPED|agent|done|{\"early\": true}");
        assertThat(outbox(batched)).isEqualTo(outbox(single)).containsExactly("1:OFFERED", "2:ACCEPTED", "3:ENDED",
                "4:WRAPPED");
        assertThat(presence(batched)).isEqualTo(presence(single)).isEqualTo("OFFLINE|OFFLINE|0|CHAT");
        assertThat(stateLog(batched)).isEqualTo(stateLog(single)).containsExactly("AVAILABLE", "PAUSED", "OFFLINE");
        assertThat(audits(batched)).isEqualTo(audits(single)).isEqualTo(1);
    }

    @Test
    void anInteractionEveryChangeOfABatchTouchesGetsOneRowVersionAndOneReportMark() {
        Scene s = scene();
        List<JsonObject> changes = chat(s);
        // In the batch's own transaction, before and after it: the updates of interaction rows (PostgreSQL 14 shows a
        // backend's counts not yet reported, from earlier transactions too: the difference is this one's) and the
        // report marks of the interaction made after the last one before it.
        String count = "select (select n_tup_upd from pg_stat_xact_user_tables where relname = 'interaction') as versions,"
                + " (select count(*) from report_dirty where kind = 'I' and ref_id = $1 and id > $2) as marks,"
                + " (select coalesce(max(id), 0) from report_dirty) as last";
        Row[] before = new Row[1];
        Row after = pool.withTransaction(c -> c.preparedQuery(count).execute(Tuple.of(s.interaction(), 0L))
                        .invoke(rows -> before[0] = rows.iterator().next())
                        .call(() -> c.preparedQuery("select routing_apply($1::jsonb)")
                                .execute(Tuple.of(new JsonArray(changes))))
                        .chain(() -> c.preparedQuery(count)
                                .execute(Tuple.of(s.interaction(), before[0].getLong("last"))))
                        .map(rows -> rows.iterator().next()))
                .await().atMost(WAIT);

        assertThat(after.getLong("versions") - before[0].getLong("versions")).as("updates of interaction rows")
                .isEqualTo(1);
        assertThat(after.getLong("marks")).as("report marks of the interaction").isEqualTo(1);
        assertThat(interaction(s)).startsWith("CLOSED|");
    }

    @Test
    void aBatchNamingAMissingCustomerFailsWholeAndWritesNothing() {
        Scene s = scene();
        List<JsonObject> changes = new ArrayList<>(chat(s));
        changes.add(new JsonObject().put("touchpoint", new JsonObject().put("customerId", -s.customer())
                .put("kind", "QUEUED").put("channel", "CHAT")));

        assertThatThrownBy(() -> repository.apply(new JsonArray(changes).encode()).await().atMost(WAIT))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.getSqlState()).isEqualTo("23503");
                    assertThat(e.getErrorMessage()).isEqualTo("customer " + -s.customer() + " does not exist");
                });
        assertThat(interaction(s)).startsWith("NEW|");
        assertThat(touchpoints(s)).isEmpty();
        assertThat(audits(s)).isZero();
    }

    /**
     * A chat offered, accepted, ended and wrapped up, with the agent's presence changing three times and an audit row:
     * eight changes, a batch routing_apply writes with one statement per table.
     */
    private static List<JsonObject> chat(Scene s) {
        long i = s.interaction();
        return List.of(
                new JsonObject().put("presence", presence(s, "AVAILABLE", null, 2)),
                change(s, "OFFERED", "longest-idle", new JsonObject().put("rule", "longest-idle"))
                        .put("interaction", new JsonObject().put("id", i).put("state", "OFFERED")
                                .put("agentId", s.agent()).put("offerExpiresAt", "2026-12-04T10:00:20Z")),
                new JsonObject().put("presence", presence(s, "PAUSED", "lunch", 4)),
                change(s, "ACCEPTED", null, new JsonObject().put("waitedMs", 1200))
                        .put("interaction", new JsonObject().put("id", i).put("state", "ACTIVE")
                                .put("agentId", s.agent()).put("answeredAt", "2026-12-04T10:00:05Z")
                                .putNull("offerExpiresAt")),
                change(s, "ENDED", null, new JsonObject().put("wrapUpUntil", "2026-12-04T10:01:30Z"))
                        .put("interaction", new JsonObject().put("id", i).put("state", "WRAP_UP")
                                .put("endedAt", "2026-12-04T10:01:00Z").put("wrapUpUntil", "2026-12-04T10:01:30Z")),
                new JsonObject().put("audit", new JsonObject().put("actor", "sup-" + s.agent())
                        .put("action", "routing.test").put("target", "interaction:" + i)
                        .put("detail", new JsonObject().put("why", "test"))),
                change(s, "WRAPPED", "done", new JsonObject().put("early", true))
                        .put("interaction", new JsonObject().put("id", i).put("state", "CLOSED")
                                .put("wrappedAt", "2026-12-04T10:01:10Z").put("disposition", "done")),
                new JsonObject().put("presence", presence(s, "OFFLINE", null, 6)));
    }

    private static JsonObject change(Scene s, String kind, String result, JsonObject data) {
        return new JsonObject().put("touchpoint", new JsonObject().put("customerId", s.customer())
                .put("interactionId", s.interaction()).put("kind", kind).put("channel", "CHAT")
                .put("agentId", s.agent()).put("employee", "agent").put("result", result).put("data", data));
    }

    /** The agent's presence row; it ends offline, so that no routing restored from the records offers it work. */
    private static JsonObject presence(Scene s, String state, String reason, int second) {
        return new JsonObject().put("agentId", s.agent()).put("presence", state).put("reason", reason)
                .put("channels", "CHAT").put("state", state).put("since", "2026-12-04T10:00:0" + second + "Z")
                .put("readySince", "2026-12-04T09:00:00Z").put("misses", 0).put("logState", true);
    }

    private Scene scene() {
        String run = UUID.randomUUID().toString();
        long agent = id("insert into agent (name, channels) values ($1, 'CHAT') returning id", "apply-agent-" + run);
        long queue = id("insert into queue (name, channels) values ($1, 'CHAT') returning id", "apply-queue-" + run);
        long customer = id("insert into customer (name) values ($1) returning id", "apply-customer-" + run);
        long interaction = pool.preparedQuery("insert into interaction (customer_id, channel, state, queue_id, tier)"
                        + " values ($1, 'CHAT', 'NEW', $2, 'GOLD') returning id")
                .execute(Tuple.of(customer, queue)).await().atMost(WAIT).iterator().next().getLong(0);
        return new Scene(customer, interaction, agent, queue);
    }

    private long id(String sql, String name) {
        return pool.preparedQuery(sql).execute(Tuple.of(name)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    /** The interaction's routing columns, the ids of the scene left out. */
    private String interaction(Scene s) {
        Row r = one("select state, agent_id = $2 as mine, tier, queue_id = $3 as queued_here, last_seq, disposition,"
                + " offer_expires_at, answered_at, ended_at, wrap_up_until, wrapped_at, pinned_agent_id"
                + " from interaction where id = $1", s.interaction(), s.agent(), s.queue());
        return String.join("|", r.getString("state"), String.valueOf(r.getBoolean("mine")), r.getString("tier"),
                String.valueOf(r.getBoolean("queued_here")), String.valueOf(r.getInteger("last_seq")),
                r.getString("disposition"), String.valueOf(r.getValue("offer_expires_at")),
                String.valueOf(r.getValue("answered_at")), String.valueOf(r.getValue("ended_at")),
                String.valueOf(r.getValue("wrap_up_until")), String.valueOf(r.getValue("wrapped_at")),
                String.valueOf(r.getValue("pinned_agent_id")));
    }

    private List<String> touchpoints(Scene s) {
        List<String> list = new ArrayList<>();
        pool.preparedQuery("select seq, kind, employee, result, data::text as data from touchpoint"
                        + " where interaction_id = $1 and agent_id = $2 order by id")
                .execute(Tuple.of(s.interaction(), s.agent())).await().atMost(WAIT)
                .forEach(r -> list.add(r.getInteger("seq") + "|" + r.getString("kind") + "|" + r.getString("employee")
                        + "|" + r.getString("result") + "|" + r.getString("data")));
        return list;
    }

    /** The outbox rows of the interaction's touchpoints in the order they would be published: seq and kind. */
    private List<String> outbox(Scene s) {
        List<String> list = new ArrayList<>();
        pool.preparedQuery("select o.payload ->> 'seq' as seq, o.payload ->> 'kind' as kind from outbox o"
                        + " join touchpoint t on t.event_id = o.event_id where t.interaction_id = $1 order by o.id")
                .execute(Tuple.of(s.interaction())).await().atMost(WAIT)
                .forEach(r -> list.add(r.getString("seq") + ":" + r.getString("kind")));
        return list;
    }

    private String presence(Scene s) {
        Row r = one("select presence, state, misses, channels from agent_presence where agent_id = $1", s.agent());
        return r.getString("presence") + "|" + r.getString("state") + "|" + r.getInteger("misses") + "|"
                + r.getString("channels");
    }

    private List<String> stateLog(Scene s) {
        List<String> list = new ArrayList<>();
        pool.preparedQuery("select state from agent_state_log where agent_id = $1 order by id")
                .execute(Tuple.of(s.agent())).await().atMost(WAIT).forEach(r -> list.add(r.getString("state")));
        return list;
    }

    private long audits(Scene s) {
        return one("select count(*) from audit_log where actor = $1 and target = $2", "sup-" + s.agent(),
                "interaction:" + s.interaction()).getLong(0);
    }

    private Row one(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next();
    }
}
