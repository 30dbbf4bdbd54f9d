package dev.switchboard.channel.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.agent.service.AgentNames;
import dev.switchboard.auth.Roles;
import dev.switchboard.channel.Actor;
import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.ContactLimits;
import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.OutboundConfig;
import dev.switchboard.channel.OutboundDraft;
import dev.switchboard.channel.OutboundResult;
import dev.switchboard.channel.repository.OutboundRepository;
import dev.switchboard.channel.repository.OutboundRepository.Conversation;
import dev.switchboard.channel.repository.OutboundRepository.MessageStatus;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.routing.service.AgentSockets;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages out, for every channel that can send: checks who may send, lets the channel check the
 * draft, stores the message with its touchpoint in one transaction, and records its delivery
 * status as the gateway reports it. {@link OutboundDispatcher} hands stored messages to gateways.
 */
@ApplicationScoped
public class OutboundService {

    /** Raised by queue_message when a concurrent twin with the same idempotency key committed first. */
    private static final String CONCURRENT_TWIN = "SB001";
    /** The service itself, as the sender of its notices. */
    private static final Actor SERVICE = new Actor("switchboard", null, true);
    private static final Set<String> OPEN = Set.of("NEW", "QUEUED", "OFFERED", "ACTIVE", "WRAP_UP");

    private final OutboundRepository repository;
    private final RoutingRepository agents;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final OutboundDispatcher dispatcher;
    private final OutboxPublisher publisher;
    private final ContactPointNormalizer normalizer;
    private final ContactLimits limits;
    private final ObjectMapper json;
    private final AgentSockets sockets;
    private final AgentNames names;
    /** The channels the touchpoint stream delivers (chat), whose replies reply_message stores in one statement. */
    private final String[] streamedChannels;
    /**
     * Gathers those replies while a batch of them is being written (one statement, one commit for the lot); null
     * when batching is off ({@code switchboard.outbound.reply-batch-max=1}) or no channel is streamed.
     */
    private final ReplyBatcher replies;

    OutboundService(OutboundRepository repository, RoutingRepository agents, Instance<ChannelSender> senders,
                    OutboundDispatcher dispatcher, OutboxPublisher publisher, ContactPointNormalizer normalizer,
                    ContactLimits limits, ObjectMapper json, AgentSockets sockets, AgentNames names, Pool pool,
                    OutboundConfig config, MeterRegistry registry) {
        this.sockets = sockets;
        this.names = names;
        this.repository = repository;
        this.agents = agents;
        senders.stream().filter(ChannelSender::enabled).forEach(s -> this.senders.put(s.channel(), s));
        this.streamedChannels = this.senders.values().stream().filter(ChannelSender::deliveredByStream)
                .map(s -> s.channel().name()).toArray(String[]::new);
        // The range (1 to 64) is checked where the setting is declared (OutboundConfig).
        this.replies = config.replyBatchMax() == 1 || streamedChannels.length == 0 ? null
                : new ReplyBatcher(pool, config.replyBatchMax(), config.replyBatchesInFlight(), streamedChannels,
                        this::alone, registry);
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.normalizer = normalizer;
        this.limits = limits;
        this.json = json;
    }

    /** The actor a signed-in user is: its agent record, if any, and whether it may act on others' work. */
    public Uni<Actor> actor(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        boolean supervisor = identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN);
        return agents.agentOfUser(name).map(agentId -> new Actor(name, agentId, supervisor));
    }

    /**
     * Sends a message on an open interaction to the customer's address on it. An agent may send on
     * the interactions it holds; supervisors and administrators on any.
     */
    public Uni<OutboundResult> reply(Actor actor, long interactionId, String text,
                                     List<InboundContact.Attachment> attachments, Map<String, Object> data,
                                     String idempotencyKey) {
        if (streamedChannels.length == 0 || (attachments != null && !attachments.isEmpty()) || document(data)
                || !valid(text, data)) {
            // A refused text is reported after the interaction's checks, as always: read it first.
            return repository.conversation(interactionId).flatMap(c -> reply(actor, interactionId, c, text,
                    attachments, data, idempotencyKey));
        }
        // A channel the stream delivers (chat) needs no check by its adapter: reply_message checks and stores in one
        // statement (with the replies gathered meanwhile, in one batch); for another channel it answers the
        // interaction, and the reply goes on as below.
        String key = key(actor, idempotencyKey);
        JsonObject json = data == null || data.isEmpty() ? null : new JsonObject(new HashMap<>(data));
        return employee(actor).chain(by -> {
                    ReplyBatcher.Element element = new ReplyBatcher.Element(key, interactionId, actor.agentId(),
                            actor.supervisor(), by, text, json);
                    return replies == null ? alone(element) : replies.submit(element);
                })
                .onFailure(PgException.class).transform(e -> refusal((PgException) e, interactionId))
                .flatMap(answer -> {
                    JsonObject r = new JsonObject(answer);
                    JsonObject c = r.getJsonObject("conversation");
                    if (c != null) {
                        return reply(actor, interactionId, OutboundRepository.conversation(c), text, attachments, data,
                                idempotencyKey);
                    }
                    OutboundResult result = result(answer);
                    if (result.created()) {
                        publisher.wake();
                    }
                    return Uni.createFrom().item(result);
                });
    }

    /** One reply in a call of its own: the path of a reply that finds no batch in flight, or is tried again. */
    private Uni<String> alone(ReplyBatcher.Element e) {
        return repository.reply(e.key(), e.interactionId(), e.agentId(), e.supervisor(), e.employee(), e.text(),
                        e.data(), streamedChannels)
                // A concurrent twin with the same key won: the retry sees its result. A deadlock (with a batch of
                // replies, which holds its interactions' locks until it commits) is tried again too.
                .onFailure(WriteBatcher::triedAgain).retry().atMost(3);
    }

    /** A reply reply_message refused, as the problem the client gets; any other failure as it was. */
    private static Throwable refusal(PgException e, long interactionId) {
        return switch (String.valueOf(e.getSqlState())) {
            case "SB404" -> ProblemException.notFound("Interaction", interactionId);
            case "SB403" -> new ProblemException(ProblemType.FORBIDDEN, e.getErrorMessage());
            case "SB409" -> new ProblemException(ProblemType.CONFLICT, e.getErrorMessage());
            default -> e;
        };
    }

    /** A reply on an interaction read before: the checks, the channel's own, then the message stored. */
    private Uni<OutboundResult> reply(Actor actor, long interactionId, Conversation c, String text,
                                      List<InboundContact.Attachment> attachments, Map<String, Object> data,
                                      String idempotencyKey) {
        if (c == null) {
            throw ProblemException.notFound("Interaction", interactionId);
        }
        if (!actor.supervisor() && (actor.agentId() == null || !actor.agentId().equals(c.agentId()))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Interaction " + interactionId + " is not one of your contacts");
        }
        if (!OPEN.contains(c.state())) {
            throw new ProblemException(ProblemType.CONFLICT, "Interaction " + interactionId + " is " + c.state()
                    + "; start a new conversation instead");
        }
        if (c.customerAddress() == null) {
            throw new ProblemException(ProblemType.CONFLICT, "Interaction " + interactionId
                    + " has no address of the customer to send to");
        }
        ChannelSender sender = sender(c.channel());
        OutboundDraft draft = draft(c.id(), c.customerId(), c.channel(), c.customerAddress(), text, attachments, data);
        return sender.prepare(draft).flatMap(prepared -> queue(key(actor, idempotencyKey), null, c.id(), actor,
                draft, prepared));
    }

    /**
     * Starts a conversation with a customer: an outbound interaction held by the actor's agent, and
     * its first message. Without a destination the customer's first address for the channel is used.
     */
    public Uni<OutboundResult> start(Actor actor, long customerId, Channel channel, String destination, String text,
                                     List<InboundContact.Attachment> attachments, Map<String, Object> data,
                                     String idempotencyKey) {
        ChannelSender sender = sender(channel);
        // The API channel reaches a customer at whatever address the integrating system knows.
        ContactPointType type = channel == Channel.API && destination != null ? normalizer.guessType(destination)
                : addressType(channel);
        Uni<String> to = destination != null
                ? Uni.createFrom().item(normalizer.normalize(type, destination, "to"))
                : repository.contactPoint(customerId, type == null ? null : type.name());
        return repository.customerExists(customerId).flatMap(exists -> {
            if (!exists) {
                throw ProblemException.notFound("Customer", customerId);
            }
            return to;
        }).flatMap(address -> {
            if (address == null) {
                throw ProblemException.invalid("to", "the customer has no address for " + channel + "; give one");
            }
            OutboundDraft draft = draft(null, customerId, channel, address, text, attachments, data);
            return sender.prepare(draft).flatMap(prepared -> queue(key(actor, idempotencyKey),
                    tx -> repository.openOutbound(tx, customerId, channel, actor.agentId(), address), null,
                    actor, draft, prepared)).invoke(result -> {
                        // Routing does not hold it, so the agent socket learns of it here (the customer's answers).
                        if (actor.agentId() != null) {
                            sockets.holds(actor.agentId(), result.interactionId());
                        }
                    });
        });
    }

    /**
     * Sends a notice the service itself writes (a chat transcript) on its own closed outbound
     * interaction, so that it is on the customer's timeline but no agent holds it.
     */
    public Uni<OutboundResult> notice(long customerId, Channel channel, String destination, String text,
                                      Map<String, Object> data) {
        return checkNotice(customerId, channel, destination, text, data).flatMap(notice -> queue(null,
                tx -> repository.openNotice(tx, customerId, channel, destination), null, SERVICE, notice.draft(),
                notice.prepared()));
    }

    /** A notice its channel checked (consent, length, destination), ready to be stored. */
    public record Notice(OutboundDraft draft, Map<String, Object> prepared) {
    }

    /**
     * Lets the channel check a notice before it is stored; fails with the channel's
     * {@link ProblemException} (an opt-out, a text too long) to refuse it.
     */
    public Uni<Notice> checkNotice(long customerId, Channel channel, String destination, String text,
                                   Map<String, Object> data) {
        ChannelSender sender = sender(channel);
        OutboundDraft draft = draft(null, customerId, channel, destination, text, List.of(), data);
        return sender.prepare(draft).map(prepared -> new Notice(draft, prepared));
    }

    /**
     * Stores a checked notice inside the caller's transaction (a campaign records its member in the same one), on
     * its own closed outbound interaction. The caller calls {@link #dispatch} once it committed.
     */
    public Uni<OutboundResult> storeNotice(SqlClient tx, Notice notice) {
        OutboundDraft draft = notice.draft();
        return repository.openNotice(tx, draft.customerId(), draft.channel(), draft.destination())
                .flatMap(id -> repository.queue(tx, null, id, null, SERVICE.username(), draft.text(),
                        draft.destination(), new Object[3], messageData(draft, notice.prepared()),
                        initialStatus(draft.channel())))
                .map(this::result);
    }

    /** Lets the dispatcher and the touchpoint publisher know that messages were stored. */
    public void dispatch() {
        publisher.wake();
        dispatcher.wake();
    }

    /**
     * Records a delivery status the gateway reported (or the dispatcher found). Statuses only move
     * forward; false when this one was a repeat or came too late to matter.
     */
    public Uni<Boolean> recordStatus(long touchpointId, DeliveryStatus status, String reason, Map<String, Object> data) {
        return record(touchpointId, status, reason, null, null, data);
    }

    Uni<Boolean> record(long touchpointId, DeliveryStatus status, String reason, String gatewayRef,
                        Instant nextAttemptAt, Map<String, Object> data) {
        return repository.record(touchpointId, status, reason, gatewayRef, nextAttemptAt, data)
                .invoke(applied -> {
                    if (applied) {
                        publisher.wake();
                    }
                });
    }

    /** The bytes of a stored file, or null. */
    public Uni<byte[]> attachmentData(String sha256) {
        return repository.blob(sha256);
    }

    /** A stored file for download, or null. */
    public Uni<OutboundRepository.StoredFile> file(String sha256) {
        return repository.file(sha256);
    }

    public Uni<MessageStatus> status(long touchpointId) {
        return repository.status(touchpointId);
    }

    public Uni<List<MessageStatus>> statuses(long interactionId) {
        return repository.statuses(interactionId);
    }

    /** The channels that can send. */
    public Set<Channel> channels() {
        return senders.keySet();
    }

    private interface Target {
        Uni<Long> interaction(SqlClient tx);
    }

    /**
     * Stores the message: on an existing interaction ({@code interactionId}) as one statement, one
     * round trip; on one the {@code opening} opens, both in one transaction.
     */
    private Uni<OutboundResult> queue(String key, Target opening, Long interactionId, Actor actor, OutboundDraft draft,
                                      Map<String, Object> prepared) {
        List<InboundContact.Attachment> files = draft.attachments() == null ? List.of() : draft.attachments();
        Object[] columns = files.isEmpty() ? new Object[3] : new Object[] {
                files.stream().map(InboundContact.Attachment::filename).toArray(String[]::new),
                files.stream().map(InboundContact.Attachment::contentType).toArray(String[]::new),
                files.stream().map(a -> Buffer.buffer(a.data())).toArray(Buffer[]::new)};
        JsonObject json = messageData(draft, prepared);
        Uni<String> employee = employee(actor);
        // A channel the stream delivers (chat) is SENT once stored; the others wait for the dispatcher.
        DeliveryStatus status = initialStatus(draft.channel());
        boolean streamed = status == DeliveryStatus.SENT;
        Uni<String> stored = employee.chain(by -> interactionId != null
                ? repository.queue(null, key, interactionId, actor.agentId(), by, draft.text(),
                        draft.destination(), columns, json, status)
                : repository.inTransaction(tx -> opening.interaction(tx).flatMap(id -> repository.queue(tx, key, id,
                        actor.agentId(), by, draft.text(), draft.destination(), columns, json, status))));
        return stored
                // A concurrent twin with the same key won: the retry sees its result.
                .onFailure(e -> Conflicts.sqlState(e, CONCURRENT_TWIN)).retry().atMost(3)
                .map(this::result)
                .invoke(result -> {
                    if (result.created()) {
                        publisher.wake();
                        if (!streamed) {
                            dispatcher.wake();
                        }
                    }
                });
    }

    /** The seed's employee: the agent by its display name, as on routing's touchpoints; else who signed in. */
    private Uni<String> employee(Actor actor) {
        return actor.agentId() == null ? Uni.createFrom().item(actor.username())
                : names.of(actor.agentId()).map(name -> name != null ? name : actor.username());
    }

    /** The message touchpoint's data: the draft's with what the channel's check returned; null when empty. */
    private static JsonObject messageData(OutboundDraft draft, Map<String, Object> prepared) {
        Map<String, Object> data = new HashMap<>(draft.data() == null ? Map.of() : draft.data());
        data.putAll(prepared);
        return data.isEmpty() ? null : new JsonObject(data);
    }

    /** SENT for a channel the touchpoint stream delivers (chat): no dispatcher; QUEUED for the others. */
    private DeliveryStatus initialStatus(Channel channel) {
        return sender(channel).deliveredByStream() ? DeliveryStatus.SENT : DeliveryStatus.QUEUED;
    }

    private OutboundDraft draft(Long interactionId, long customerId, Channel channel, String destination, String text,
                                List<InboundContact.Attachment> attachments, Map<String, Object> data) {
        List<InboundContact.Attachment> files = attachments == null ? List.of() : attachments;
        check(text, files, data);
        return new OutboundDraft(interactionId, customerId, channel, destination, text, files, data);
    }

    /** A message's text and files within the limits; text or a file (or a stored document) required. */
    private void check(String text, List<InboundContact.Attachment> files, Map<String, Object> data) {
        // data.document: a file stored before (by SHA-256) that the channel sends, e.g. a received fax forwarded.
        if ((text == null || text.isBlank()) && files.isEmpty() && !document(data)) {
            throw ProblemException.invalid("text", "a message needs text or an attachment");
        }
        if (text != null && text.length() > limits.maxMessageLength()) {
            throw ProblemException.invalid("text", "must be at most " + limits.maxMessageLength() + " characters");
        }
        if (files.size() > limits.maxAttachments()) {
            throw ProblemException.invalid("attachments", "at most " + limits.maxAttachments() + " per message");
        }
        for (int i = 0; i < files.size(); i++) {
            InboundContact.Attachment a = files.get(i);
            if (a.data() == null || a.data().length == 0 || a.data().length > limits.maxAttachmentBytes()) {
                throw ProblemException.invalid("attachments[" + i + "].data",
                        "must hold 1 to " + limits.maxAttachmentBytes() + " bytes");
            }
        }
    }

    /** Whether a message without files passes {@link #check}. */
    private boolean valid(String text, Map<String, Object> data) {
        try {
            check(text, List.of(), data);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    private static boolean document(Map<String, Object> data) {
        return data != null && data.get("document") instanceof String;
    }

    private ChannelSender sender(Channel channel) {
        ChannelSender sender = senders.get(channel);
        if (sender == null) {
            throw new ProblemException(ProblemType.CONFLICT, "Messages cannot be sent on channel " + channel
                    + (senders.isEmpty() ? "" : "; channels that send: " + senders.keySet()));
        }
        return sender;
    }

    /** The kind of address a channel reaches a customer at; null for any (the API channel). */
    private static ContactPointType addressType(Channel channel) {
        return switch (channel) {
            case SMS, VOICE -> ContactPointType.PHONE;
            case EMAIL -> ContactPointType.EMAIL;
            case FAX -> ContactPointType.FAX;
            case VOIP -> ContactPointType.SIP_URI;
            case CHAT -> ContactPointType.CHAT_VISITOR;
            case API -> null;
            case SYSTEM -> throw ProblemException.invalid("channel", "cannot start a conversation on " + channel);
        };
    }

    /** Idempotency keys are the sender's own: two users may use the same key. */
    private static String key(Actor actor, String idempotencyKey) {
        return idempotencyKey == null ? null : "out:" + actor.username() + ":" + idempotencyKey;
    }

    private OutboundResult result(String text) {
        try {
            Map<?, ?> r = json.readValue(text, Map.class);
            return new OutboundResult(((Number) r.get("interactionId")).longValue(),
                    ((Number) r.get("touchpointId")).longValue(), DeliveryStatus.valueOf((String) r.get("status")),
                    Boolean.TRUE.equals(r.get("created")));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
