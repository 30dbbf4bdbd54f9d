package dev.switchboard.channel.repository;

import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.interaction.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The rows of messages out: queueing, claiming for the gateway, and their delivery status. */
@ApplicationScoped
public class OutboundRepository {

    /** The interaction a message goes out on. */
    public record Conversation(long id, long customerId, Channel channel, String state, Long agentId,
                               String customerAddress, String channelAddress) {
    }

    /** A message out as the API shows it. */
    public record MessageStatus(long touchpointId, long interactionId, Channel channel, String destination,
                                DeliveryStatus status, String reason, int attempts, OffsetDateTime nextAttemptAt,
                                String gatewayRef, OffsetDateTime updatedAt) {
    }

    /** A stored file. */
    public record StoredFile(String filename, String contentType, byte[] data) {
    }

    private static final String QUEUE = "select queue_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)::text";
    private static final String RECORD = "select record_delivery($1, $2, $3, $4, $5, $6)";
    private static final String STATUS = "select touchpoint_id, interaction_id, channel, destination, status, reason,"
            + " attempts, next_attempt_at, gateway_ref, updated_at from outbound_message";

    private final Pool pool;

    OutboundRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Conversation> conversation(long interactionId) {
        return pool.preparedQuery("select id, customer_id, channel, state, agent_id, customer_address, channel_address"
                        + " from interaction where id = $1").execute(Tuple.of(interactionId))
                .map(rows -> rows.size() == 0 ? null : conversation(rows.iterator().next()));
    }

    /** Whether the customer exists. */
    public Uni<Boolean> customerExists(long customerId) {
        return pool.preparedQuery("select 1 from customer where id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.size() > 0);
    }

    /** The customer's first contact point of a type (null: of any type), or null. */
    public Uni<String> contactPoint(long customerId, String type) {
        return pool.preparedQuery("select value from contact_point where customer_id = $1 and ($2::varchar is null"
                        + " or type = $2) order by id limit 1")
                .execute(Tuple.of(customerId, type))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /**
     * Queues a message on an interaction through {@code queue_message}; answers its JSON result.
     * With no client (outside a transaction) the one statement commits by itself. {@code status}:
     * QUEUED for the dispatcher, SENT for a channel the touchpoint stream delivers.
     */
    public Uni<String> queue(SqlClient client, String key, long interactionId, Long agentId, String employee,
                             String text, String destination, Object[] attachmentColumns, JsonObject data,
                             DeliveryStatus status) {
        Tuple args = Tuple.tuple().addValue(key).addValue(interactionId).addValue(agentId).addValue(employee)
                .addValue(text).addValue(destination).addValue(attachmentColumns[0]).addValue(attachmentColumns[1])
                .addValue(attachmentColumns[2]).addValue(data).addValue(status.name());
        return (client == null ? pool : client).preparedQuery(QUEUE).execute(args)
                .map(rows -> rows.iterator().next().getString(0));
    }

    /**
     * A reply through {@code reply_message}: on a channel of {@code streamed} it checks the interaction (and a chat's
     * session) and stores the message SENT in the same statement, answering queue_message's JSON result; on another
     * channel it stores nothing and answers {@code {"conversation": {...}}}. A refused reply fails with SQLSTATE
     * SB404, SB403 or SB409 and the words to show.
     */
    public Uni<String> reply(String key, long interactionId, Long agentId, boolean supervisor, String employee,
                             String text, JsonObject data, String[] streamed) {
        Tuple args = Tuple.tuple().addValue(key).addValue(interactionId).addValue(agentId).addValue(supervisor)
                .addValue(employee).addValue(text).addValue(data).addValue(streamed);
        return pool.preparedQuery("select reply_message($1, $2, $3, $4, $5, $6, $7, $8)::text").execute(args)
                .map(rows -> rows.iterator().next().getString(0));
    }

    /** The interaction as {@code reply_message} answers it for a channel it does not store. */
    public static Conversation conversation(JsonObject c) {
        return new Conversation(c.getLong("id"), c.getLong("customerId"), Channel.valueOf(c.getString("channel")),
                c.getString("state"), c.getLong("agentId"), c.getString("customerAddress"),
                c.getString("channelAddress"));
    }

    /** Opens an outbound interaction held by the agent; returns its id. */
    public Uni<Long> openOutbound(SqlClient client, long customerId, Channel channel, Long agentId, String destination) {
        return client.preparedQuery("insert into interaction (customer_id, channel, direction, agent_id, state,"
                        + " answered_at, customer_address) values ($1, $2, 'OUTBOUND', $3, 'ACTIVE', now(), $4) returning id")
                .execute(Tuple.of(customerId, channel.name(), agentId, destination))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Opens a closed outbound interaction for a notice the service sends itself (a chat transcript); returns its id. */
    public Uni<Long> openNotice(SqlClient client, long customerId, Channel channel, String destination) {
        return client.preparedQuery("insert into interaction (customer_id, channel, direction, state, ended_at,"
                        + " customer_address) values ($1, $2, 'OUTBOUND', 'CLOSED', now(), $3) returning id")
                .execute(Tuple.of(customerId, channel.name(), destination))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public <T> Uni<T> inTransaction(Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }

    /** Records a delivery status; false when it was a repeat or a step back (see record_delivery). */
    public Uni<Boolean> record(long touchpointId, DeliveryStatus status, String reason, String gatewayRef,
                               Instant nextAttemptAt, Map<String, Object> data) {
        Tuple args = Tuple.tuple().addValue(touchpointId).addValue(status.name()).addValue(reason).addValue(gatewayRef)
                .addValue(nextAttemptAt == null ? null : nextAttemptAt.atOffset(ZoneOffset.UTC))
                .addValue(data == null || data.isEmpty() ? null : new JsonObject(data));
        return pool.preparedQuery(RECORD).execute(args).map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<MessageStatus> status(long touchpointId) {
        return pool.preparedQuery(STATUS + " where touchpoint_id = $1").execute(Tuple.of(touchpointId))
                .map(rows -> rows.size() == 0 ? null : status(rows.iterator().next()));
    }

    public Uni<List<MessageStatus>> statuses(long interactionId) {
        return pool.preparedQuery(STATUS + " where interaction_id = $1 order by touchpoint_id")
                .execute(Tuple.of(interactionId))
                .map(rows -> {
                    List<MessageStatus> list = new ArrayList<>();
                    rows.forEach(r -> list.add(status(r)));
                    return list;
                });
    }

    /**
     * Claims the messages due on the given channels for one attempt each: their claim lasts
     * {@code claimFor}, after which another pass may take them again (a crash mid-send).
     */
    public Uni<List<OutboundMessage>> claim(List<String> channels, int limit, Duration claimFor) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                with due as (
                    select touchpoint_id from outbound_message
                    where status in ('QUEUED', 'RETRYING') and next_attempt_at <= now()
                      and (claimed_until is null or claimed_until < now()) and channel = any($1)
                      and (handed_at is null or handed_at < updated_at)
                    order by next_attempt_at limit $2 for update skip locked)
                update outbound_message m
                set claimed_until = now() + make_interval(secs => $3), attempts = m.attempts + 1
                from due, touchpoint t, interaction i
                where m.touchpoint_id = due.touchpoint_id and t.id = m.touchpoint_id and i.id = m.interaction_id
                returning m.touchpoint_id, m.interaction_id, t.customer_id, m.channel, m.destination,
                          i.channel_address, t.content, t.data::text as data, m.attempts
                """).execute(Tuple.of(channels.toArray(String[]::new), limit, claimFor.toMillis() / 1000.0))
                .flatMap(rows -> {
                    List<Row> claimed = new ArrayList<>();
                    rows.forEach(claimed::add);
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(List.<OutboundMessage>of());
                    }
                    Long[] ids = claimed.stream().map(r -> r.getLong("touchpoint_id")).toArray(Long[]::new);
                    return tx.preparedQuery("select touchpoint_id, filename, content_type, size, sha256 from attachment"
                                    + " where touchpoint_id = any($1) order by id").execute(Tuple.of(ids))
                            .map(files -> {
                                Map<Long, List<OutboundMessage.StoredAttachment>> byMessage = new HashMap<>();
                                files.forEach(f -> byMessage.computeIfAbsent(f.getLong("touchpoint_id"), k -> new ArrayList<>())
                                        .add(new OutboundMessage.StoredAttachment(f.getString("filename"),
                                                f.getString("content_type"), f.getLong("size"), f.getString("sha256"))));
                                return claimed.stream().map(r -> message(r, byMessage)).toList();
                            });
                }));
    }

    /**
     * Marks a message that goes at most once as handed to its gateway, just before the call: committed first, so
     * that a crash during the call leaves it marked (no claim takes it again) instead of due.
     */
    public Uni<Void> handed(long touchpointId) {
        return pool.preparedQuery("update outbound_message set handed_at = clock_timestamp() where touchpoint_id = $1")
                .execute(Tuple.of(touchpointId)).replaceWithVoid();
    }

    /**
     * Messages that went at most once and whose gateway call a crash cut short: handed, no outcome recorded after
     * it, and the claim lapsed.
     */
    public Uni<List<Long>> cutShort(int limit) {
        return pool.preparedQuery("""
                select touchpoint_id from outbound_message
                where handed_at is not null and status in ('QUEUED', 'RETRYING') and claimed_until < now()
                  and handed_at >= updated_at
                order by claimed_until limit $1
                """).execute(Tuple.of(limit))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    /** A stored file with the name and type it was first attached under, or null. */
    public Uni<StoredFile> file(String sha256) {
        return pool.preparedQuery("select a.filename, a.content_type, b.data from blob b"
                        + " left join lateral (select filename, content_type from attachment where sha256 = b.sha256"
                        + " order by id limit 1) a on true where b.sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new StoredFile(r.getString("filename"), r.getString("content_type"),
                            r.getBuffer("data").getBytes());
                });
    }

    public Uni<byte[]> blob(String sha256) {
        return pool.preparedQuery("select data from blob where sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    }

    private static OutboundMessage message(Row r, Map<Long, List<OutboundMessage.StoredAttachment>> files) {
        long id = r.getLong("touchpoint_id");
        String data = r.getString("data");
        return new OutboundMessage(id, r.getLong("interaction_id"), r.getLong("customer_id"),
                Channel.valueOf(r.getString("channel")), r.getString("destination"), r.getString("channel_address"),
                r.getString("content"), files.getOrDefault(id, List.of()),
                data == null ? Map.of() : new JsonObject(data).getMap(), r.getInteger("attempts"));
    }

    private static Conversation conversation(Row r) {
        return new Conversation(r.getLong("id"), r.getLong("customer_id"), Channel.valueOf(r.getString("channel")),
                r.getString("state"), r.getLong("agent_id"), r.getString("customer_address"),
                r.getString("channel_address"));
    }

    private static MessageStatus status(Row r) {
        return new MessageStatus(r.getLong("touchpoint_id"), r.getLong("interaction_id"),
                Channel.valueOf(r.getString("channel")), r.getString("destination"),
                DeliveryStatus.valueOf(r.getString("status")), r.getString("reason"), r.getInteger("attempts"),
                r.getOffsetDateTime("next_attempt_at"), r.getString("gateway_ref"), r.getOffsetDateTime("updated_at"));
    }
}
