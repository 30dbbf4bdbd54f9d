package dev.switchboard.channel.email.repository;

import dev.switchboard.channel.email.Threading.Candidate;
import dev.switchboard.channel.email.Threading.ServiceRequestCandidate;
import dev.switchboard.interaction.InteractionState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The email channel's own rows: mailbox progress and leases, and the Message-IDs threading looks up. */
@ApplicationScoped
public class EmailRepository {

    /** A mailbox's progress: the UIDVALIDITY it was read under and the last UID done. */
    public record Cursor(Long uidValidity, long lastUid) {
    }

    /** A stored or sent message as the channel keeps it. */
    public record StoredMessage(String messageId, String direction, String kind, Long customerId, Long interactionId,
                                Long touchpointId, String subject, String html, JsonObject data) {
    }

    /** One message row to write. */
    public record NewMessage(String messageId, String mailKey, String direction, String kind, String mailbox,
                             Long uidValidity, Long uid, Long customerId, Long interactionId, Long touchpointId,
                             String subject, String html, JsonObject data) {
    }

    /** An inbound row sharing a Message-ID: its key says whether it is the same message. */
    public record SameId(String mailKey, Long touchpointId, Long interactionId) {
    }

    /** An attachment of a touchpoint, in the order they were stored. */
    public record AttachmentRow(long id, String filename, String contentType, long size, String sha256) {
    }

    private static final String CANDIDATE_COLUMNS =
            "i.id, i.customer_id, i.state, i.ended_at, i.service_request_id";

    private final Pool pool;

    EmailRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Cursor> cursor(String mailbox) {
        return pool.preparedQuery("select uid_validity, last_uid from email_mailbox where mailbox = $1")
                .execute(Tuple.of(mailbox))
                .map(rows -> rows.size() == 0 ? new Cursor(null, 0)
                        : one(rows, r -> new Cursor(r.getLong("uid_validity"), r.getLong("last_uid"))));
    }

    /** Moves the cursor forward (never back) within one UIDVALIDITY; a new UIDVALIDITY starts it again. */
    public Uni<Void> advance(String mailbox, long uidValidity, long uid) {
        return pool.preparedQuery("""
                        insert into email_mailbox (mailbox, uid_validity, last_uid) values ($1, $2, $3)
                        on conflict (mailbox) do update set
                            last_uid = case when email_mailbox.uid_validity = excluded.uid_validity
                                            then greatest(email_mailbox.last_uid, excluded.last_uid)
                                            else excluded.last_uid end,
                            uid_validity = excluded.uid_validity, updated_at = now()""")
                .execute(Tuple.of(mailbox, uidValidity, uid)).replaceWithVoid();
    }

    /** Takes or renews the mailbox's lease; true when this owner holds it afterwards. */
    public Uni<Boolean> lease(String mailbox, String owner, Duration duration) {
        return pool.preparedQuery("""
                        insert into email_mailbox (mailbox, lease_owner, lease_until)
                        values ($1, $2, now() + $3 * interval '1 millisecond')
                        on conflict (mailbox) do update set lease_owner = excluded.lease_owner,
                            lease_until = excluded.lease_until
                        where email_mailbox.lease_owner is null or email_mailbox.lease_owner = excluded.lease_owner
                           or email_mailbox.lease_until < now()
                        returning lease_owner""")
                .execute(Tuple.of(mailbox, owner, duration.toMillis()))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> releaseLease(String mailbox, String owner) {
        return pool.preparedQuery("update email_mailbox set lease_owner = null, lease_until = null"
                        + " where mailbox = $1 and lease_owner = $2")
                .execute(Tuple.of(mailbox, owner)).replaceWithVoid();
    }

    /** The first message stored or sent with this Message-ID (outbound ids are ours, so unique). */
    public Uni<StoredMessage> message(String messageId, String direction) {
        return pool.preparedQuery("select * from email_message where message_id = $1 and direction = $2 order by id limit 1")
                .execute(Tuple.of(messageId, direction))
                .map(rows -> rows.size() == 0 ? null : one(rows, EmailRepository::stored));
    }

    /** Whether a message with this key was stored (or set aside) already. */
    public Uni<Boolean> seen(String mailKey, String direction) {
        return pool.preparedQuery("select 1 from email_message where mail_key = $1 and direction = $2")
                .execute(Tuple.of(mailKey, direction)).map(rows -> rows.size() > 0);
    }

    /** The inbound rows with this Message-ID, oldest first. */
    public Uni<List<SameId>> inboundWithMessageId(String messageId) {
        return pool.preparedQuery("select mail_key, touchpoint_id, interaction_id from email_message"
                        + " where message_id = $1 and direction = 'INBOUND' order by id")
                .execute(Tuple.of(messageId))
                .map(rows -> {
                    List<SameId> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new SameId(r.getString("mail_key"), r.getLong("touchpoint_id"),
                            r.getLong("interaction_id"))));
                    return list;
                });
    }

    public Uni<StoredMessage> messageByTouchpoint(long touchpointId) {
        return pool.preparedQuery("select * from email_message where touchpoint_id = $1")
                .execute(Tuple.of(touchpointId))
                .map(rows -> rows.size() == 0 ? null : one(rows, EmailRepository::stored));
    }

    /** Writes the row unless one with the same key and direction exists. */
    public Uni<Void> save(NewMessage m) {
        return pool.preparedQuery("""
                        insert into email_message (message_id, direction, kind, mailbox, uid_validity, uid, customer_id,
                                                   interaction_id, touchpoint_id, subject, html, data, mail_key)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                        on conflict (mail_key, direction) do nothing""")
                .execute(Tuple.tuple().addValue(m.messageId()).addValue(m.direction()).addValue(m.kind())
                        .addValue(m.mailbox()).addValue(m.uidValidity()).addValue(m.uid()).addValue(m.customerId())
                        .addValue(m.interactionId()).addValue(m.touchpointId()).addValue(m.subject())
                        .addValue(m.html()).addValue(m.data()).addValue(m.mailKey()))
                .replaceWithVoid();
    }

    /**
     * The interactions that stored or sent mail with these Message-IDs (their current customer and state). When
     * an id was reused by several messages, the thread of the given customer (the sender's) wins, then the latest.
     */
    public Uni<Map<String, Candidate>> byMessageIds(List<String> messageIds, Long customerId) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select m.message_id, " + CANDIDATE_COLUMNS
                        + " from email_message m join interaction i on i.id = m.interaction_id"
                        + " where m.message_id = any($1)"
                        + " order by (i.customer_id is not distinct from $2) desc, m.id desc")
                .execute(Tuple.of(messageIds.toArray(String[]::new), customerId))
                .map(rows -> {
                    Map<String, Candidate> found = new HashMap<>();
                    for (Row r : rows) {
                        found.putIfAbsent(r.getString("message_id"), candidate(r));
                    }
                    return found;
                });
    }

    public Uni<Candidate> emailInteraction(long interactionId) {
        return pool.preparedQuery("select " + CANDIDATE_COLUMNS + " from interaction i where i.id = $1 and i.channel = 'EMAIL'")
                .execute(Tuple.of(interactionId))
                .map(rows -> rows.size() == 0 ? null : one(rows, EmailRepository::candidate));
    }

    public Uni<ServiceRequestCandidate> serviceRequest(long serviceRequestId) {
        return pool.preparedQuery("""
                        select s.id as sr_id, s.customer_id as sr_customer, i.id, i.customer_id, i.state, i.ended_at,
                               i.service_request_id
                        from service_request s
                        left join lateral (select * from interaction x where x.service_request_id = s.id
                                           and x.channel = 'EMAIL' order by x.id desc limit 1) i on true
                        where s.id = $1""")
                .execute(Tuple.of(serviceRequestId))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> new ServiceRequestCandidate(r.getLong("sr_id"),
                        r.getLong("sr_customer"), r.getLong("id") == null ? null : candidate(r))));
    }

    /** The customer an email address belongs to, or null. */
    public Uni<Long> customerByEmail(String address) {
        return pool.preparedQuery("select customer_id from contact_point where type = 'EMAIL' and value = $1")
                .execute(Tuple.of(address))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getLong(0)));
    }

    /** Why and since when an address takes no mail. */
    public record Failing(String reason, java.time.OffsetDateTime since) {
    }

    /** Whether a bounce marked this email address failing: why and since when, or null when it is not. */
    public Uni<Failing> failing(String address) {
        return pool.preparedQuery("select failing_reason, failing_since from contact_point"
                        + " where type = 'EMAIL' and value = lower($1) and failing order by id limit 1")
                .execute(Tuple.of(address))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> new Failing(
                        r.getString("failing_reason") == null ? "bounced" : r.getString("failing_reason"),
                        r.getOffsetDateTime("failing_since"))));
    }

    /** Marks an email address as failing; returns its customer, or null when the address is unknown. */
    public Uni<Long> markFailing(String address, String reason) {
        return pool.preparedQuery("""
                        update contact_point set failing = true, failing_reason = $2,
                            failing_since = coalesce(failing_since, now())
                        where type = 'EMAIL' and value = $1 returning customer_id""")
                .execute(Tuple.of(address, reason))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getLong(0)));
    }

    /** The message's thread for a reply: the Message-IDs of the interaction's mail, oldest first, and its subject. */
    public Uni<List<StoredMessage>> thread(long interactionId) {
        return pool.preparedQuery("select * from email_message where interaction_id = $1 order by id")
                .execute(Tuple.of(interactionId))
                .map(rows -> {
                    List<StoredMessage> list = new ArrayList<>();
                    rows.forEach(r -> list.add(stored(r)));
                    return list;
                });
    }

    public Uni<List<AttachmentRow>> attachments(long touchpointId) {
        return pool.preparedQuery("select id, filename, content_type, size, sha256 from attachment"
                        + " where touchpoint_id = $1 order by id")
                .execute(Tuple.of(touchpointId))
                .map(rows -> {
                    List<AttachmentRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new AttachmentRow(r.getLong("id"), r.getString("filename"),
                            r.getString("content_type"), r.getLong("size"), r.getString("sha256"))));
                    return list;
                });
    }

    public Uni<byte[]> blob(String sha256) {
        return pool.preparedQuery("select data from blob where sha256 = $1").execute(Tuple.of(sha256))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getBuffer(0).getBytes()));
    }

    /** The touchpoint's interaction, or null when the touchpoint does not exist. */
    public Uni<Long> touchpointInteraction(long touchpointId) {
        return pool.preparedQuery("select interaction_id from touchpoint where id = $1").execute(Tuple.of(touchpointId))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getLong(0)));
    }

    /** The service request an interaction belongs to, or null. */
    public Uni<Long> serviceRequestOf(long interactionId) {
        return pool.preparedQuery("select service_request_id from interaction where id = $1").execute(Tuple.of(interactionId))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getLong(0)));
    }

    /** Records our side of a conversation an agent started, so the customer's answers and our replies agree. */
    public Uni<Void> claimChannelAddress(long interactionId, String address) {
        return pool.preparedQuery("update interaction set channel_address = $2 where id = $1 and channel_address is null")
                .execute(Tuple.of(interactionId, address)).replaceWithVoid();
    }

    /** A queue's id by its name or id (as text), or null when there is no such queue. */
    public Uni<Long> queue(String nameOrId) {
        return pool.preparedQuery("select id from queue where name = $1 or id::text = $1 order by (name = $1) desc limit 1")
                .execute(Tuple.of(nameOrId))
                .map(rows -> rows.size() == 0 ? null : one(rows, r -> r.getLong(0)));
    }

    private static Candidate candidate(Row r) {
        return new Candidate(r.getLong("id"), r.getLong("customer_id"), InteractionState.valueOf(r.getString("state")),
                r.getOffsetDateTime("ended_at"), r.getLong("service_request_id"));
    }

    private static StoredMessage stored(Row r) {
        return new StoredMessage(r.getString("message_id"), r.getString("direction"), r.getString("kind"),
                r.getLong("customer_id"), r.getLong("interaction_id"), r.getLong("touchpoint_id"),
                r.getString("subject"), r.getString("html"), (JsonObject) r.getJson("data"));
    }

    private static <T> T one(RowSet<Row> rows, java.util.function.Function<Row, T> map) {
        return map.apply(rows.iterator().next());
    }

    /** The customer opts out of email (a mail asking to unsubscribe). */
    public Uni<Void> emailOptOut(long customerId) {
        return pool.preparedQuery("update customer set email_opt_out = true, updated_at = now() where id = $1")
                .execute(Tuple.of(customerId)).replaceWithVoid();
    }
}
