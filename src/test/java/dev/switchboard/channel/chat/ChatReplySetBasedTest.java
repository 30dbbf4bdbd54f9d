package dev.switchboard.channel.chat;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reply_messages} writes a batch's common replies with one statement per table (V39): what it writes and
 * answers is what the same replies sent one by one through {@code reply_message} write and answer, several replies
 * on one chat keep their order, and a batch whose common block cannot be written is answered reply by reply.
 */
@QuarkusTest
class ChatReplySetBasedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BATCH = "select o_result, o_state, o_message, o_detail, o_constraint, o_common"
            + " from reply_messages($1, $2, $3, $4, $5, $6, $7, array['CHAT'])";
    private static final String SINGLE = "select reply_message($1, $2, $3, false, $4, $5, $6::text::jsonb,"
            + " array['CHAT'])::text";

    @Inject
    Pool pool;

    /** One reply of a batch: the index of its chat, its text, its key's suffix and its data (each may be null). */
    private record Reply(int chat, String text, String key, String data) {
    }

    /** Nine replies on three chats, the first chat's four among the others: more than the set-based threshold. */
    private static final List<Reply> REPLIES = List.of(
            new Reply(0, "one", "k0", null),
            new Reply(1, "one", null, "{\"quick\": true}"),
            new Reply(0, "two", null, null),
            new Reply(2, "one", "k2", null),
            new Reply(0, "three", null, "{}"),
            new Reply(1, "two", "k1", null),
            new Reply(2, "two", null, null),
            new Reply(0, "four", null, null),
            new Reply(1, "three", null, null));

    /** An agent's chats, each with its customer and session, made for one test. */
    private record Scene(String run, long agent, List<Long> chats) {
    }

    @Test
    void aBatchWritesAndAnswersWhatItsRepliesSentOneByOneWriteAndAnswer() {
        Scene batched = scene(3);
        Scene single = scene(3);

        List<Row> rows = batch(batched, REPLIES);
        assertThat(rows).extracting(r -> r.getBoolean(5)).as("written the common way").containsOnly(true);
        assertThat(rows).extracting(r -> r.getString(1)).containsOnly((String) null);
        List<String> batchedAnswers = answers(rows.stream().map(r -> r.getString(0)).toList());
        List<String> singleAnswers = new ArrayList<>();
        for (Reply r : REPLIES) {
            singleAnswers.add(one(SINGLE, key(single, r), single.chats().get(r.chat()), single.agent(),
                    "agent " + single.run(), text(single, r), r.data()).getString(0));
        }

        assertThat(batchedAnswers).isEqualTo(answers(singleAnswers))
                .startsWith("1|SENT|true|one|6", "1|SENT|true|one|6", "2|SENT|true|two|6");
        for (int c = 0; c < 3; c++) {
            assertThat(touchpoints(batched, c)).as("chat %s", c).isEqualTo(touchpoints(single, c));
            assertThat(outbox(batched, c)).as("chat %s", c).isEqualTo(outbox(single, c));
            assertThat(sent(batched, c)).as("chat %s", c).isEqualTo(sent(single, c));
            assertThat(lastSeq(batched, c)).isEqualTo(lastSeq(single, c));
        }
        // The first chat's four replies, numbered on from the chat's sequence in the order they were sent.
        assertThat(touchpoints(batched, 0)).extracting(t -> t.substring(0, t.indexOf("|MESSAGE_OUT")))
                .containsExactly("1|one", "2|two", "3|three", "4|four");
        for (String k : List.of("k0", "k1", "k2")) {
            assertThat(keyed(batched, k)).as(k).isEqualTo(keyed(single, k)).isNotNull();
        }
    }

    @Test
    void aBatchWhoseKeyAConcurrentTwinCommittedIsAnsweredReplyByReply() throws Exception {
        Scene s = scene(3);
        // The twin holds the first reply's key (and its chat) uncommitted while the batch starts: the batch reads
        // the key as new, then waits for it, and finds it taken once the twin commits.
        SqlConnection twin = pool.getConnection().await().atMost(WAIT);
        CompletableFuture<List<Row>> rows;
        String twinAnswer;
        try {
            Transaction tx = twin.begin().await().atMost(WAIT);
            twinAnswer = twin.preparedQuery(SINGLE).execute(Tuple.tuple().addValue(key(s, REPLIES.get(0)))
                            .addValue(s.chats().get(0)).addValue(s.agent()).addValue("agent " + s.run())
                            .addValue("twin " + s.run()).addValue(null))
                    .await().atMost(WAIT).iterator().next().getString(0);
            rows = CompletableFuture.supplyAsync(() -> batch(s, REPLIES));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (one("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like '%reply_messages(%' and pid <> pg_backend_pid()").getLong(0) == 0) {
                assertThat(System.nanoTime()).as("the batch waits for the twin's key").isLessThan(deadline);
                Thread.sleep(20);
            }
            tx.commit().await().atMost(WAIT);
        } finally {
            twin.close().await().atMost(WAIT);
        }

        List<Row> answered = rows.get(10, TimeUnit.SECONDS);
        assertThat(answered).extracting(r -> r.getBoolean(5)).as("written the common way").containsOnly(false);
        assertThat(answered).extracting(r -> r.getString(1)).containsOnly((String) null);
        JsonObject repeat = new JsonObject(answered.get(0).getString(0));
        assertThat(repeat.getBoolean("created")).isFalse();
        assertThat(repeat.getLong("touchpointId")).isEqualTo(new JsonObject(twinAnswer).getLong("touchpointId"));
        assertThat(answered.subList(1, answered.size()))
                .allSatisfy(r -> assertThat(new JsonObject(r.getString(0)).getBoolean("created")).isTrue());
        // The twin's reply first on its chat, then the batch's others in their order; the repeat not stored.
        assertThat(touchpoints(s, 0)).extracting(t -> t.substring(0, t.indexOf("|MESSAGE_OUT")))
                .containsExactly("1|twin", "2|two", "3|three", "4|four");
    }

    private List<Row> batch(Scene s, List<Reply> replies) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(BATCH).execute(Tuple.tuple()
                        .addValue(replies.stream().map(r -> key(s, r)).toArray(String[]::new))
                        .addValue(replies.stream().map(r -> s.chats().get(r.chat())).toArray(Long[]::new))
                        .addValue(replies.stream().map(r -> s.agent()).toArray(Long[]::new))
                        .addValue(replies.stream().map(r -> false).toArray(Boolean[]::new))
                        .addValue(replies.stream().map(r -> "agent " + s.run()).toArray(String[]::new))
                        .addValue(replies.stream().map(r -> text(s, r)).toArray(String[]::new))
                        .addValue(replies.stream().map(Reply::data).toArray(String[]::new)))
                .await().atMost(WAIT).forEach(rows::add);
        assertThat(rows).hasSize(replies.size());
        return rows;
    }

    private static String key(Scene s, Reply r) {
        return r.key() == null ? null : "out:" + s.run() + ":" + r.key();
    }

    private static String text(Scene s, Reply r) {
        return r.text() + " " + s.run();
    }

    /** The answers without their ids, each with the text of the touchpoint it names. */
    private List<String> answers(List<String> results) {
        List<String> list = new ArrayList<>();
        for (String result : results) {
            JsonObject r = new JsonObject(result);
            Row t = one("select split_part(content, ' ', 1) from touchpoint where id = $1 and event_id = $2::uuid"
                    + " and interaction_id = $3", r.getLong("touchpointId"), r.getString("eventId"),
                    r.getLong("interactionId"));
            list.add(r.getInteger("seq") + "|" + r.getString("status") + "|" + r.getBoolean("created") + "|"
                    + t.getString(0) + "|" + r.fieldNames().size());
        }
        return list;
    }

    /** The chat's touchpoints, their ids and the chat's own customer and address replaced by whether they match. */
    private List<String> touchpoints(Scene s, int chat) {
        return strings("select concat_ws('|', t.seq, split_part(t.content, ' ', 1), t.kind, t.channel, t.direction,"
                + " t.place, t.agent_id = i.agent_id, split_part(t.employee, ' ', 1), t.result, t.data - 'to',"
                + " t.data ->> 'to' = i.customer_address, t.customer_id = i.customer_id)"
                + " from touchpoint t join interaction i on i.id = t.interaction_id"
                + " where t.interaction_id = $1 order by t.id", s.chats().get(chat));
    }

    /** The outbox rows of the chat's touchpoints in publishing order: each the touchpoint's event. */
    private List<String> outbox(Scene s, int chat) {
        return strings("select concat_ws('|', t.seq, o.payload = touchpoint_event(t), o.customer_id = t.customer_id)"
                + " from outbox o join touchpoint t on t.event_id = o.event_id"
                + " where t.interaction_id = $1 order by o.id", s.chats().get(chat));
    }

    /** The chat's outbound messages: sent, to the chat's customer. */
    private List<String> sent(Scene s, int chat) {
        return strings("select concat_ws('|', t.seq, m.channel, m.destination = i.customer_address, m.status,"
                + " m.attempts, m.reason, m.claimed_until) from outbound_message m"
                + " join touchpoint t on t.id = m.touchpoint_id join interaction i on i.id = m.interaction_id"
                + " where m.interaction_id = $1 order by t.id", s.chats().get(chat));
    }

    private int lastSeq(Scene s, int chat) {
        return one("select last_seq from interaction where id = $1", s.chats().get(chat)).getInteger(0);
    }

    /** The key's stored result, its ids replaced by whether they name the reply's touchpoint. */
    private String keyed(Scene s, String key) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("select concat_ws('|', k.result - 'touchpointId' - 'eventId' - 'interactionId',"
                        + " split_part(t.content, ' ', 1)) from idempotency_key k join touchpoint t"
                        + " on t.id = (k.result ->> 'touchpointId')::bigint"
                        + " and t.event_id = (k.result ->> 'eventId')::uuid"
                        + " and t.interaction_id = (k.result ->> 'interactionId')::bigint where k.key = $1")
                .execute(Tuple.of("out:" + s.run() + ":" + key)).await().atMost(WAIT).forEach(rows::add);
        return rows.isEmpty() ? null : rows.get(0).getString(0);
    }

    private List<String> strings(String sql, long chat) {
        List<String> list = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(chat)).await().atMost(WAIT).forEach(r -> list.add(r.getString(0)));
        return list;
    }

    /**
     * Chats the agent holds, written as routing leaves them (state NEW: routing restored from the records in a later
     * test leaves them alone) with their sessions open (idle until much later: the idle check leaves them alone).
     */
    private Scene scene(int chats) {
        String run = "set-" + Api.unique();
        long agent = one("insert into agent (name, channels) values ($1, 'CHAT') returning id", run).getLong(0);
        List<Long> ids = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            long customer = one("insert into customer (name) values ($1) returning id", run + "-" + c).getLong(0);
            long id = one("insert into interaction (customer_id, channel, state, agent_id, customer_address,"
                    + " channel_address) values ($1, 'CHAT', 'NEW', $2, $3, 'web') returning id", customer, agent,
                    "visitor-" + run + "-" + c).getLong(0);
            one("insert into chat_session (id, token_hash, interaction_id, customer_id, last_activity_at)"
                    + " values (gen_random_uuid(), repeat('0', 64), $1, $2, now() + interval '1 day') returning id",
                    id, customer);
            ids.add(id);
        }
        return new Scene(run, agent, ids);
    }

    private Row one(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next();
    }
}
