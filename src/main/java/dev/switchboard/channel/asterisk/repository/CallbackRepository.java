package dev.switchboard.channel.asterisk.repository;

import dev.switchboard.channel.asterisk.CallbackState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Call-back requests and web-call tickets. Every change of a request's state is one conditional update,
 * so two instances (or the scheduler and an agent) racing for the same request cannot both win.
 */
@ApplicationScoped
public class CallbackRepository {

    private static final String COLUMNS = "select id, interaction_id, customer_id, queue_id, phone, not_before,"
            + " not_after, state, reason, token_hash, language, note from callback_request ";

    private final Pool pool;

    CallbackRepository(Pool pool) {
        this.pool = pool;
    }

    /** A request as stored. */
    public record CallbackRecord(long id, long interactionId, long customerId, long queueId, String phone,
                                 Instant notBefore, Instant notAfter, CallbackState state, String reason,
                                 String tokenHash, String language, String note) {
    }

    /** What booking a request created. */
    public record Booked(long id, long interactionId, long customerId) {
    }

    /** A web call's ticket, traded for the chat's customer and queue. */
    public record Ticket(UUID sessionId, long customerId, Long queueId, String contactType, String contactValue) {
    }

    /** Books a request (request_callback, V21); fails with the database's unique violation for a pending number. */
    public Uni<Booked> book(Long customerId, String phone, String name, long queueId, Instant notBefore,
                            Instant notAfter, String tokenHash, UUID session, String language, String note,
                            String place) {
        return pool.preparedQuery("select request_callback($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.tuple().addValue(customerId).addValue(phone).addValue(name).addValue(queueId)
                        .addValue(at(notBefore)).addValue(at(notAfter)).addValue(tokenHash).addValue(session)
                        .addValue(language).addValue(note).addValue(place))
                .map(rows -> {
                    JsonObject r = rows.iterator().next().getJsonObject(0);
                    return new Booked(r.getLong("id"), r.getLong("interactionId"), r.getLong("customerId"));
                });
    }

    public Uni<CallbackRecord> find(long id) {
        return pool.preparedQuery(COLUMNS + "where id = $1").execute(Tuple.of(id)).map(CallbackRepository::first);
    }

    public Uni<CallbackRecord> byInteraction(long interactionId) {
        return pool.preparedQuery(COLUMNS + "where interaction_id = $1").execute(Tuple.of(interactionId))
                .map(CallbackRepository::first);
    }

    /** Requests whose window has opened and that wait to be routed, oldest window first. */
    public Uni<List<CallbackRecord>> due(int limit) {
        return pool.preparedQuery(COLUMNS + "where state = 'SCHEDULED' and not_before <= now() order by not_before"
                + " limit $1").execute(Tuple.of(limit)).map(CallbackRepository::all);
    }

    /** Requests still waiting for an agent when their window closed. */
    public Uni<List<CallbackRecord>> overdue(int limit) {
        return pool.preparedQuery(COLUMNS + "where state = 'QUEUED' and not_after <= now() order by not_after"
                + " limit $1").execute(Tuple.of(limit)).map(CallbackRepository::all);
    }

    /**
     * Moves a request from one state to another; false when it was no longer in {@code from} (someone else
     * moved it first).
     */
    public Uni<Boolean> move(long id, CallbackState from, CallbackState to, String reason) {
        return pool.preparedQuery("update callback_request set state = $3, reason = coalesce($4, reason),"
                        + " updated_at = now() where id = $1 and state = $2")
                .execute(Tuple.of(id, from.name(), to.name(), reason)).map(rows -> rows.rowCount() == 1);
    }

    /** An agent took the request's task: the number to call, or null when it is not (or no longer) QUEUED. */
    public Uni<CallbackRecord> calling(long interactionId, String linkedid) {
        return pool.withTransaction(c -> c.preparedQuery("update callback_request set state = 'CALLING',"
                        + " updated_at = now() where interaction_id = $1 and state = 'QUEUED' returning id")
                .execute(Tuple.of(interactionId)).flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    return c.preparedQuery("update interaction set external_key = $2 where id = $1")
                            .execute(Tuple.of(interactionId, linkedid))
                            .flatMap(x -> c.preparedQuery(COLUMNS + "where interaction_id = $1")
                                    .execute(Tuple.of(interactionId)).map(CallbackRepository::first));
                }));
    }

    /** The call of a request ended: DONE when the customer answered, else FAILED with the reason. */
    public Uni<Void> called(long interactionId, boolean answered, String reason) {
        return pool.preparedQuery("update callback_request set state = $2, reason = $3, updated_at = now()"
                        + " where interaction_id = $1 and state = 'CALLING'")
                .execute(Tuple.of(interactionId, answered ? "DONE" : "FAILED", reason)).replaceWithVoid();
    }

    /** The agent's phone was not reached: the request waits for an agent again; its queue, or null. */
    public Uni<Long> requeue(long interactionId, String reason) {
        return pool.preparedQuery("update callback_request set state = 'QUEUED', reason = $2, updated_at = now()"
                        + " where interaction_id = $1 and state = 'CALLING' returning queue_id")
                .execute(Tuple.of(interactionId, reason))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** Ends the interaction of a request that never reached routing (cancelled or expired before its window). */
    public Uni<Void> closeUnrouted(CallbackRecord r, String result) {
        return pool.withTransaction(c -> c.preparedQuery("update interaction set state = 'ABANDONED', ended_at = now()"
                        + " where id = $1 and state = 'NEW'").execute(Tuple.of(r.interactionId()))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : note(c, r, "ENDED", result, null)));
    }

    /** A touchpoint on the request's interaction (its own commit). */
    public Uni<Void> note(CallbackRecord r, String kind, String result, Map<String, Object> data) {
        return note(pool, r, kind, result, data);
    }

    private static Uni<Void> note(io.vertx.mutiny.sqlclient.SqlClient client, CallbackRecord r, String kind,
                                  String result, Map<String, Object> data) {
        return client.preparedQuery("select append_touchpoint($1, $2, $3, 'VOICE', 'OUTBOUND', null, null, null, null,"
                        + " $4, $5)")
                .execute(Tuple.of(r.customerId(), r.interactionId(), kind, result,
                        new JsonObject(data == null ? Map.of("callbackId", r.id()) : data)))
                .replaceWithVoid();
    }

    /** A queue's channels (comma-separated) and business hours, or null when there is no such queue. */
    public Uni<String[]> queue(long queueId) {
        return pool.preparedQuery("select channels, business_hours from queue where id = $1").execute(Tuple.of(queueId))
                .map(rows -> rows.size() == 0 ? null
                        : new String[] {rows.iterator().next().getString(0), rows.iterator().next().getString(1)});
    }

    /** The first queue taking the channel, or null. */
    public Uni<Long> firstQueue(String channel) {
        return pool.preparedQuery("select id from queue where ',' || channels || ',' like $1 order by id limit 1")
                .execute(Tuple.of("%," + channel + ",%"))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** Stores a web call's ticket (its hash) for {@code ttl}. */
    public Uni<Void> issueTicket(String hash, UUID session, long customerId, Long queueId, String contactType,
                                 String contactValue, Duration ttl) {
        return pool.preparedQuery("insert into web_call_ticket (ticket_hash, chat_session_id, customer_id, queue_id,"
                        + " contact_type, contact_value, expires_at) values ($1, $2, $3, $4, $5, $6,"
                        + " now() + $7 * interval '1 millisecond')")
                .execute(Tuple.tuple().addValue(hash).addValue(session).addValue(customerId).addValue(queueId)
                        .addValue(contactType).addValue(contactValue).addValue(ttl.toMillis()))
                .replaceWithVoid();
    }

    /** Trades a ticket, once and before it expires; null otherwise. */
    public Uni<Ticket> redeemTicket(String hash) {
        return pool.preparedQuery("update web_call_ticket set used_at = now() where ticket_hash = $1"
                        + " and used_at is null and expires_at > now()"
                        + " returning chat_session_id, customer_id, queue_id, contact_type, contact_value")
                .execute(Tuple.of(hash)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Ticket(r.getUUID(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4));
                });
    }

    /** Forgets tickets a day after they expired. */
    public Uni<Integer> purgeTickets() {
        return pool.query("delete from web_call_ticket where expires_at < now() - interval '1 day'").execute()
                .map(RowSet::rowCount);
    }

    /** The contact point a chat's customer is known by: the chat's phone, else its email, else the visitor. */
    public Uni<String[]> chatIdentity(UUID session) {
        return pool.preparedQuery("select phone, email from chat_session where id = $1").execute(Tuple.of(session))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    if (r.getString(0) != null) {
                        return new String[] {"PHONE", r.getString(0)};
                    }
                    if (r.getString(1) != null) {
                        return new String[] {"EMAIL", r.getString(1)};
                    }
                    return new String[] {"CHAT_VISITOR", "visitor:" + session};
                });
    }

    private static OffsetDateTime at(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static CallbackRecord first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : record(rows.iterator().next());
    }

    private static List<CallbackRecord> all(RowSet<Row> rows) {
        List<CallbackRecord> list = new ArrayList<>();
        rows.forEach(r -> list.add(record(r)));
        return list;
    }

    private static CallbackRecord record(Row r) {
        return new CallbackRecord(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4),
                r.getOffsetDateTime(5).toInstant(), r.getOffsetDateTime(6).toInstant(),
                CallbackState.valueOf(r.getString(7)), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11));
    }
}
