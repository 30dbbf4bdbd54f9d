package dev.switchboard.channel.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.ContactLimits;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.IngestResult;
import dev.switchboard.channel.IngestSettings;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.platform.text.NulCharacters;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The core path of every inbound contact: resolve (or provisionally create) the customer by
 * contact point, continue the open interaction of that customer and channel (or open one), and
 * append the touchpoint with its outbox row, all in one transaction.
 *
 * <p>The writes are one call of the database function {@code ingest_contact}. Contacts without files
 * that arrive while others are being written are gathered and written together, one statement and
 * one commit for the lot ({@link IngestBatcher}, {@code switchboard.ingest.batch-max}); a contact that
 * finds nothing in flight goes alone at once.
 */
@ApplicationScoped
public class ContactIngestService {

    /** The call of the database function that stores a contact (the ingest benchmark makes the same call). */
    public static final String INGEST = "select ingest_contact($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
            + " $13, $14, $15, $16)::text";

    private final Pool pool;
    private final ContactPointNormalizer normalizer;
    private final ContactLimits limits;
    private final OutboxPublisher publisher;
    private final ObjectMapper json;
    private final RoutingService routing;
    /** Null when batching is off ({@code switchboard.ingest.batch-max=1}). */
    private final IngestBatcher batcher;

    ContactIngestService(Pool pool, ContactPointNormalizer normalizer, ContactLimits limits,
                         OutboxPublisher publisher, ObjectMapper json, RoutingService routing,
                         MeterRegistry registry, IngestSettings settings) {
        // The range (1 to 64) is checked where the setting is declared (IngestSettings).
        int batchMax = settings.batchMax();
        this.batcher = batchMax == 1 ? null
                : new IngestBatcher(pool, batchMax, settings.batchesInFlight(), this::alone, registry);
        this.routing = routing;
        this.pool = pool;
        this.normalizer = normalizer;
        this.limits = limits;
        this.publisher = publisher;
        this.json = json;
    }

    public Uni<IngestResult> ingest(InboundContact contact) {
        return ingest(contact, limits.maxAttachments());
    }

    /**
     * As {@link #ingest(InboundContact)}, allowing more attachments than the limit for every channel: for files
     * the service made itself from one received document (a fax's page images), bounded by the adapter.
     */
    public Uni<IngestResult> ingest(InboundContact received, int maxAttachments) {
        InboundContact contact = withoutNul(received);
        check(contact, maxAttachments);
        String value = normalizer.normalize(contact.contactPointType(), contact.contactPointValue(), "contactPoint.value");
        List<InboundContact.Attachment> attachments = contact.attachments() == null ? List.of() : contact.attachments();
        IngestBatcher.Element element = new IngestBatcher.Element(
                contact.idempotencyKey() == null ? null : contact.channel() + ":" + contact.idempotencyKey(),
                contact.contactPointType().name(), value, contact.channel().name(),
                (contact.direction() == null ? Direction.INBOUND : contact.direction()).name(),
                contact.externalKey(), contact.content(), contact.place(), contact.name(), contact.interactionId(),
                contact.joinOpen(), contact.serviceRequestId(),
                contact.data() == null || contact.data().isEmpty() ? null : new JsonObject(contact.data()));
        Uni<String> stored;
        if (!attachments.isEmpty()) {
            // Files go alone: a batch's parallel arrays cannot carry each contact's own array of files.
            stored = execute(element, attachments);
        } else if (batcher != null) {
            stored = batcher.submit(element);
        } else {
            stored = alone(element);
        }
        return stored.map(this::parse)
                .invoke(result -> {
                    if (result.created()) {
                        publisher.wake();
                    }
                });
    }

    /** One contact without files in a call of its own: the path of a contact that finds no batch in flight. */
    private Uni<String> alone(IngestBatcher.Element element) {
        return execute(element, List.of());
    }

    private Uni<String> execute(IngestBatcher.Element e, List<InboundContact.Attachment> attachments) {
        Tuple args = Tuple.tuple()
                .addValue(e.key())
                .addValue(e.cpType())
                .addValue(e.cpValue())
                .addValue(e.channel())
                .addValue(e.direction())
                .addValue(e.externalKey())
                .addValue(e.content())
                .addValue(e.place())
                .addValue(e.name())
                .addValue(attachments.isEmpty() ? null : attachments.stream().map(InboundContact.Attachment::filename).toArray(String[]::new))
                .addValue(attachments.isEmpty() ? null : attachments.stream().map(InboundContact.Attachment::contentType).toArray(String[]::new))
                .addValue(attachments.isEmpty() ? null : attachments.stream().map(a -> Buffer.buffer(a.data())).toArray(Buffer[]::new))
                .addValue(e.interactionId())
                .addValue(e.joinOpen())
                .addValue(e.serviceRequestId())
                .addValue(e.data());
        return pool.preparedQuery(INGEST).execute(args)
                // A concurrent twin or a concurrent first contact won a unique key: the retry sees its rows. A
                // deadlock (with a batch, which holds many customers' locks until it commits) is tried again too.
                .onFailure(WriteBatcher::triedAgain).retry().atMost(3)
                .map(rows -> rows.iterator().next().getString(0));
    }

    /**
     * Whether a repeat of an idempotency key carries the contact its first use stored: the same channel,
     * contact point, message and place. A client that reuses a key for another contact must hear so
     * (as payment APIs answer), not get the first contact's result as if it were this one's.
     */
    public Uni<Boolean> sameAsStored(IngestResult stored, InboundContact contact) {
        String value = normalizer.normalize(contact.contactPointType(), contact.contactPointValue(), "contactPoint.value");
        return pool.preparedQuery("select t.channel = $2 and t.content is not distinct from $3"
                        + " and t.place is not distinct from $4 and exists (select 1 from contact_point p"
                        + " where p.customer_id = t.customer_id and p.type = $5 and p.value = $6)"
                        + " from touchpoint t where t.id = $1")
                .execute(Tuple.of(stored.touchpointId(), contact.channel().name(), contact.content(), contact.place(),
                        contact.contactPointType().name(), value))
                .map(rows -> rows.size() == 0 || Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
    }

    /**
     * Ingests the contact and, when it opened or reopened an interaction, hands that to routing in
     * the queue (null: the channel's default queue). Completes after both are committed, so an
     * adapter acknowledges its gateway only then; a gateway's retry after a failure in between
     * routes what was stored.
     */
    public Uni<IngestResult> ingestAndRoute(InboundContact contact, Long queueId) {
        return ingestAndRoute(contact, queueId, limits.maxAttachments());
    }

    /** {@link #ingestAndRoute(InboundContact, Long)} with the attachment count of {@link #ingest(InboundContact, int)}. */
    public Uni<IngestResult> ingestAndRoute(InboundContact contact, Long queueId, int maxAttachments) {
        return ingest(contact, maxAttachments).call(result -> {
            if (result.needsRouting()) {
                return routing.route(result.interactionId(), queueId);
            }
            if (!result.created() && (result.interactionCreated() || result.interactionReopened())) {
                // A gateway's retry: if routing failed the first time the interaction is still NEW and
                // is routed now; if it worked (or is still under way), routing refuses it as already routed, which
                // is fine.
                return routing.route(result.interactionId(), queueId)
                        .onFailure(e -> e instanceof ProblemException p && p.type() != ProblemType.ROUTING_UNAVAILABLE
                                || e instanceof RoutingRefusal r && r.code().equals("already-routed"))
                        .recoverWithNull();
            }
            return Uni.createFrom().voidItem();
        });
    }

    private void check(InboundContact contact, int maxAttachments) {
        if (contact.channel() == null || contact.channel() == Channel.SYSTEM) {
            throw ProblemException.invalid("channel", "must be one of VOICE, VOIP, FAX, EMAIL, CHAT, SMS, API");
        }
        if (contact.contactPointType() == null) {
            throw ProblemException.invalid("contactPoint.type", "must not be null");
        }
        if (contact.content() != null && contact.content().length() > limits.maxMessageLength()) {
            throw ProblemException.invalid("message", "must be at most " + limits.maxMessageLength() + " characters");
        }
        List<InboundContact.Attachment> attachments = contact.attachments() == null ? List.of() : contact.attachments();
        if (attachments.size() > maxAttachments) {
            throw ProblemException.invalid("attachments", "at most " + maxAttachments + " per contact");
        }
        for (int i = 0; i < attachments.size(); i++) {
            InboundContact.Attachment a = attachments.get(i);
            if (a.data() == null || a.data().length == 0) {
                throw ProblemException.invalid("attachments[" + i + "].data", "must not be empty");
            }
            if (a.data().length > limits.maxAttachmentBytes()) {
                throw ProblemException.invalid("attachments[" + i + "].data",
                        "must be at most " + limits.maxAttachmentBytes() + " bytes");
            }
        }
    }

    /**
     * What arrived through a channel is never refused for a NUL character (PostgreSQL cannot store one): each is
     * replaced by U+FFFD and the touchpoint's data notes it. API input never gets here with one: it is refused.
     */
    static InboundContact withoutNul(InboundContact c) {
        List<String> fields = new ArrayList<>();
        String value = replaced(c.contactPointValue(), "contact point", fields);
        String key = replaced(c.idempotencyKey(), "message id", fields);
        String externalKey = replaced(c.externalKey(), "conversation id", fields);
        String content = replaced(c.content(), "text", fields);
        String place = replaced(c.place(), "place", fields);
        String name = replaced(c.name(), "sender's name", fields);
        List<InboundContact.Attachment> attachments = c.attachments();
        if (attachments != null && attachments.stream().anyMatch(a -> NulCharacters.in(a.filename())
                || NulCharacters.in(a.contentType()))) {
            fields.add("attachment names");
            attachments = attachments.stream().map(a -> new InboundContact.Attachment(
                    NulCharacters.replace(a.filename()), NulCharacters.replace(a.contentType()), a.data())).toList();
        }
        Map<String, Object> data = c.data();
        if (NulCharacters.inAny(data)) {
            fields.add("details");
            @SuppressWarnings("unchecked")
            Map<String, Object> clean = (Map<String, Object>) NulCharacters.replaceIn(data);
            data = clean;
        }
        if (fields.isEmpty()) {
            return c;
        }
        return new InboundContact(c.channel(), c.contactPointType(), value, c.direction(), key, externalKey, content,
                place, name, attachments, c.interactionId(), c.joinOpen(), c.serviceRequestId(),
                NulCharacters.withNote(data, NulCharacters.note(fields)));
    }

    private static String replaced(String text, String field, List<String> fields) {
        if (NulCharacters.in(text)) {
            fields.add(field);
            return NulCharacters.replace(text);
        }
        return text;
    }

    private IngestResult parse(String text) {
        try {
            return json.readValue(text, IngestResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
