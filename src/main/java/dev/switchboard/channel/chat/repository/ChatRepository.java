package dev.switchboard.channel.chat.repository;

import dev.switchboard.channel.chat.ChatSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Chat sessions and what their customers may see of their interactions. */
@ApplicationScoped
public class ChatRepository {

    /** The touchpoint kinds a customer sees of its own chat. */
    public static final List<String> VISIBLE = List.of("MESSAGE_IN", "MESSAGE_OUT", "ACCEPTED", "TRANSFERRED",
            "ENDED", "ABANDONED");

    /** A touchpoint as the customer's widget gets it. */
    public record Visible(int seq, String kind, String content, String employee, String result, String data,
                          String occurredAt) {
    }

    private static final String COLUMNS = "id, token_hash, interaction_id, customer_id, queue_id, visitor_name, email,"
            + " state, language, read_seq, rating";
    private static final String SESSION = "select " + COLUMNS + " from chat_session";
    /** The columns of the session aliased {@code s}. */
    private static final String S_COLUMNS = COLUMNS.replaceAll("(\\w+)", "s.$1");

    private final Pool pool;

    ChatRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> create(UUID id, String tokenHash, Long queueId, String name, String email, String phone, String page,
                            String language) {
        return pool.preparedQuery("insert into chat_session (id, token_hash, queue_id, visitor_name, email, phone, page,"
                        + " language) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {id, tokenHash, queueId, name, email, phone, page, language}))
                .replaceWithVoid();
    }

    public Uni<Void> attach(UUID id, long interactionId, long customerId) {
        return pool.preparedQuery("update chat_session set interaction_id = $2, customer_id = $3 where id = $1")
                .execute(Tuple.of(id, interactionId, customerId)).replaceWithVoid();
    }

    public Uni<ChatSession> find(UUID id) {
        return pool.preparedQuery(SESSION + " where id = $1").execute(Tuple.of(id)).map(ChatRepository::first);
    }

    public Uni<ChatSession> byInteraction(long interactionId) {
        return pool.preparedQuery(SESSION + " where interaction_id = $1").execute(Tuple.of(interactionId))
                .map(ChatRepository::first);
    }

    /** Marks the session ended; false when it had ended already. */
    public Uni<Boolean> end(UUID id, String reason) {
        return pool.preparedQuery("update chat_session set state = 'ENDED', ended_at = now(), end_reason = $2"
                        + " where id = $1 and state = 'OPEN'")
                .execute(Tuple.of(id, reason)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Marks the sessions of these interactions ended (their agents ended the chats, or routing found them
     * abandoned), each with its reason; a session that had ended already is left as it is. The number marked.
     */
    public Uni<Integer> endByInteractions(List<Long> interactionIds, List<String> reasons) {
        return pool.preparedQuery("update chat_session s set state = 'ENDED', ended_at = now(), end_reason = e.reason"
                        + " from unnest($1::int8[], $2::text[]) as e(interaction_id, reason)"
                        + " where s.interaction_id = e.interaction_id and s.state = 'OPEN'")
                .execute(Tuple.of(interactionIds.toArray(Long[]::new), reasons.toArray(String[]::new)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Ends the sessions idle for longer than the timeout and returns them. A chat's activity is its
     * last message either way (its touchpoints), so nothing is written on the message path:
     * {@code last_activity_at} is only a lower bound (the start, or a message seen by an earlier
     * check), and a session found past it with a recent message has the mark moved up instead.
     */
    public Uni<List<ChatSession>> endIdle(Duration timeout) {
        return pool.preparedQuery("with due as (select s.id, (select t.occurred_at from touchpoint t"
                        + " where t.interaction_id = s.interaction_id and t.kind in ('MESSAGE_IN', 'MESSAGE_OUT')"
                        + " order by t.seq desc limit 1) as last_message from chat_session s"
                        + " where s.state = 'OPEN' and s.last_activity_at < now() - make_interval(secs => $1)),"
                        + " moved as (update chat_session s set last_activity_at = d.last_message from due d"
                        + " where s.id = d.id and d.last_message >= now() - make_interval(secs => $1))"
                        + " update chat_session s set state = 'ENDED', ended_at = now(), end_reason = 'idle' from due d"
                        + " where s.id = d.id and s.state = 'OPEN'"
                        + " and (d.last_message is null or d.last_message < now() - make_interval(secs => $1))"
                        + " returning " + S_COLUMNS)
                .execute(Tuple.of(timeout.toMillis() / 1000.0)).map(ChatRepository::all);
    }

    /**
     * What the customer sees of its chat after the given sequence number, in order. The end says who ended it
     * when the customer did or it went idle (the session knows; routing's ENDED touchpoint does not).
     */
    public Uni<List<Visible>> visibleAfter(long interactionId, int afterSeq) {
        return pool.preparedQuery("select t.seq, t.kind, t.content, t.employee, case when t.kind = 'ENDED'"
                        + " and s.end_reason in ('customer', 'idle') then s.end_reason else t.result end as result,"
                        + " t.data::text as data,"
                        + " to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') as at"
                        + " from touchpoint t left join chat_session s on s.interaction_id = t.interaction_id"
                        + " where t.interaction_id = $1 and t.seq > $2 and t.kind = any($3) order by t.seq")
                .execute(Tuple.of(interactionId, afterSeq, VISIBLE.toArray(String[]::new)))
                .map(rows -> {
                    List<Visible> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Visible(r.getInteger("seq"), r.getString("kind"),
                            r.getString("content"), r.getString("employee"), r.getString("result"), r.getString("data"),
                            r.getString("at"))));
                    return list;
                });
    }

    /**
     * Notes that the agent has read the customer's messages up to {@code seq}; answers the new mark, or null
     * when it was there already (or there is no such chat).
     */
    public Uni<Integer> read(long interactionId, int seq) {
        return pool.preparedQuery("update chat_session set read_seq = $2 where interaction_id = $1 and read_seq < $2"
                        + " returning read_seq")
                .execute(Tuple.of(interactionId, seq))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
    }

    /**
     * Records the customer's rating once, with its RATING touchpoint, in one statement; false when the chat
     * was rated already.
     */
    public Uni<Boolean> rate(UUID sessionId, int score, String comment, JsonObject data) {
        return pool.preparedQuery("with s as (update chat_session set rating = $2 where id = $1 and rating is null"
                        + " returning customer_id, interaction_id)"
                        + " select (append_touchpoint(customer_id, interaction_id, 'RATING', 'CHAT', 'INBOUND', null,"
                        + " null, null, $3, $4, $5)).id from s")
                .execute(Tuple.of(sessionId, (short) score, comment, String.valueOf(score), data))
                .map(rows -> rows.size() > 0);
    }

    /** The name of the agent on the chat now (the last to take it, unless it was handed on since), or null. */
    public Uni<String> currentAgent(long interactionId) {
        return pool.preparedQuery("select kind, employee from touchpoint where interaction_id = $1"
                        + " and kind in ('ACCEPTED', 'TRANSFERRED') order by seq desc limit 1")
                .execute(Tuple.of(interactionId)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return "ACCEPTED".equals(r.getString("kind")) ? r.getString("employee") : null;
                });
    }

    /** The queue's opening hours as written, or null. */
    public Uni<String> businessHours(long queueId) {
        return pool.preparedQuery("select business_hours from queue where id = $1").execute(Tuple.of(queueId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** The name of the agent, for the customer ("Li Na joined"). */
    public Uni<String> agentName(long agentId) {
        return pool.preparedQuery("select name from agent where id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** Whether a file was attached to a touchpoint of this interaction (so the session may download it). */
    public Uni<Boolean> hasFile(long interactionId, String sha256) {
        return pool.preparedQuery("select 1 from attachment a join touchpoint t on t.id = a.touchpoint_id"
                        + " where t.interaction_id = $1 and a.sha256 = $2 limit 1")
                .execute(Tuple.of(interactionId, sha256)).map(rows -> rows.size() > 0);
    }

    private static ChatSession first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : session(rows.iterator().next());
    }

    private static List<ChatSession> all(RowSet<Row> rows) {
        List<ChatSession> list = new ArrayList<>();
        rows.forEach(r -> list.add(session(r)));
        return list;
    }

    private static ChatSession session(Row r) {
        return new ChatSession(r.getUUID("id"), r.getString("token_hash"), r.getLong("interaction_id"),
                r.getLong("customer_id"), r.getLong("queue_id"), r.getString("visitor_name"), r.getString("email"),
                "OPEN".equals(r.getString("state")), r.getString("language"), r.getInteger("read_seq"),
                r.getShort("rating") == null ? null : r.getShort("rating").intValue());
    }
}
