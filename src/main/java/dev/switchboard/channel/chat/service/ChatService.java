package dev.switchboard.channel.chat.service;

import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.IngestResult;
import dev.switchboard.channel.chat.ChatConfig;
import dev.switchboard.channel.chat.ChatSession;
import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.BusinessHours;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The customer's side of web chat: starting a chat (or the offline form when nobody is on shift),
 * its messages and files into the chat's interaction, and its end. The agent's side is the
 * agent socket and the channel port; {@link ChatSender} takes the agent's messages.
 */
@ApplicationScoped
public class ChatService {

    /** A chat that started: the customer's session and the token that opens it. */
    public record Started(UUID sessionId, String token, long interactionId, Long queueId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChatRepository repository;
    private final ContactIngestService ingest;
    private final RoutingService routing;
    private final RoutingRepository queues;
    private final ContactPointNormalizer normalizer;
    private final ChatConfig config;
    private final Pool pool;
    private final OutboundService outbound;

    ChatService(ChatRepository repository, ContactIngestService ingest, RoutingService routing,
                RoutingRepository queues, ContactPointNormalizer normalizer, ChatConfig config, Pool pool,
                OutboundService outbound) {
        this.outbound = outbound;
        this.repository = repository;
        this.ingest = ingest;
        this.routing = routing;
        this.queues = queues;
        this.normalizer = normalizer;
        this.config = config;
        this.pool = pool;
    }

    /** The queue a chat goes to: the one asked for, the configured one, or the oldest queue listing CHAT. */
    public Uni<Long> queueFor(Long requested) {
        if (requested != null) {
            return routing.queue(requested).map(q -> {
                if (q == null) {
                    throw ProblemException.invalid("queueId", "queue " + requested + " does not exist");
                }
                return requested;
            });
        }
        return config.queueId().isPresent() ? Uni.createFrom().item(config.queueId().get())
                : queues.defaultQueue(Channel.CHAT);
    }

    /**
     * Whether the queue is open now (its business hours) and someone serving it is present and not
     * paused (on contact counts: chats run side by side).
     */
    public Uni<Boolean> onShift(Long queueId) {
        if (queueId == null) {
            return Uni.createFrom().item(false);
        }
        return repository.businessHours(queueId).flatMap(hours -> {
            if (!hours(hours).isOpen(Instant.now())) {
                return Uni.createFrom().item(false);
            }
            return routing.stats(queueId).map(stats -> {
                QueueStats.Agents a = stats.agents();
                return a.available() + a.onContact() + a.wrapUp() > 0;
            });
        });
    }

    private static BusinessHours hours(String text) {
        try {
            return BusinessHours.parse(text);
        } catch (IllegalArgumentException e) {
            // Written before hours were checked: better open than a chat nobody can start.
            return BusinessHours.ALWAYS;
        }
    }

    /**
     * Starts a chat: the visitor is identified by the phone or email it gave (as stated, not
     * verified) or gets a provisional customer; the chat's interaction opens and is routed.
     */
    public Uni<Started> start(String name, String phone, String email, String page, Long queueId, String language) {
        String normalPhone = blank(phone) ? null : normalizer.normalize(ContactPointType.PHONE, phone, "phone");
        String normalEmail = blank(email) ? null : normalizer.normalize(ContactPointType.EMAIL, email, "email");
        UUID id = UUID.randomUUID();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, Object> prechat = new HashMap<>();
        prechat.put("sessionId", id.toString());
        prechat.put("identifiedBy", normalPhone != null ? "phone (stated, unverified)"
                : normalEmail != null ? "email (stated, unverified)" : "anonymous visitor");
        if (page != null) {
            prechat.put("page", page);
        }
        ChatSession draft = new ChatSession(id, null, null, null, queueId, name, normalEmail, true, language, 0, null);
        InboundContact contact = contact(draft, normalPhone).name(blank(name) ? null : name.strip()).place(page)
                .data(Map.of("prechat", prechat)).build();
        return repository.create(id, hash(token), queueId, blank(name) ? null : name.strip(), normalEmail, normalPhone,
                        page, language)
                .chain(() -> ingest.ingestAndRoute(contact, queueId))
                .call(r -> repository.attach(id, r.interactionId(), r.customerId()))
                .map(r -> new Started(id, token, r.interactionId(), queueId));
    }

    /** The session if the token opens it, else null. */
    public Uni<ChatSession> authenticate(UUID sessionId, String token) {
        if (sessionId == null || token == null) {
            return Uni.createFrom().nullItem();
        }
        return repository.find(sessionId).map(s -> s != null && s.interactionId() != null
                && MessageDigest.isEqual(s.tokenHash().getBytes(StandardCharsets.US_ASCII),
                hash(token).getBytes(StandardCharsets.US_ASCII)) ? s : null);
    }

    /**
     * Stores a customer's message (once per client message id) and answers after the commit;
     * a repeat answers the first result.
     */
    public Uni<IngestResult> message(ChatSession session, String clientMessageId, String text,
                                     List<InboundContact.Attachment> files) {
        if (!session.open()) {
            throw new ProblemException(ProblemType.CONFLICT, "This chat has ended");
        }
        InboundContact contact = contact(session, null).key(session.id() + ":" + clientMessageId).content(text)
                .attachments(files).data(Map.of("clientMessageId", clientMessageId)).build();
        // Nothing else is written: the idle check reads the chat's last message (ChatRepository.endIdle).
        return ingest.ingest(contact);
    }

    /**
     * Ends the chat: a waiting chat is abandoned, an answered one goes to its agent's wrap-up, and
     * one routing never had is closed with the reason.
     */
    public Uni<Boolean> end(ChatSession session, String reason, String note) {
        return repository.end(session.id(), reason).call(ended -> !ended ? Uni.createFrom().voidItem()
                : note(session, reason, note).chain(() -> routing.tracks(session.interactionId()))
                .chain(tracked -> tracked ? routing.end(session.interactionId()).replaceWithVoid()
                        : closeUnrouted(session.interactionId(), reason)));
    }

    /**
     * Emails the chat's transcript to the address the customer gave, when the email channel can
     * send: answers {@code queued}, {@code no-email} (none given) or {@code unavailable}.
     */
    public Uni<String> sendTranscript(ChatSession session) {
        if (session.email() == null) {
            return Uni.createFrom().item("no-email");
        }
        if (!outbound.channels().contains(Channel.EMAIL)) {
            return Uni.createFrom().item("unavailable");
        }
        return repository.visibleAfter(session.interactionId(), 0).flatMap(lines -> {
            StringBuilder text = new StringBuilder("Your chat with us").append(session.visitorName() == null ? ""
                    : ", " + session.visitorName()).append(":\n\n");
            String agent = "Agent";
            for (ChatRepository.Visible v : lines) {
                switch (v.kind()) {
                    case "ACCEPTED" -> agent = v.employee() == null ? "Agent" : v.employee();
                    case "MESSAGE_IN" -> line(text, v, "You");
                    case "MESSAGE_OUT" -> line(text, v, agent);
                    default -> { }
                }
            }
            return outbound.notice(session.customerId(), Channel.EMAIL, session.email(), text.toString(),
                    Map.of("subject", "Your chat transcript")).map(r -> "queued");
        });
    }

    private static void line(StringBuilder text, ChatRepository.Visible v, String who) {
        String at = v.occurredAt().substring(0, Math.min(16, v.occurredAt().length())).replace('T', ' ');
        text.append('[').append(at).append(" UTC] ").append(who).append(": ").append(v.content() == null ? "(a file)" : v.content()).append('\n');
    }

    /** Closes the chats idle past the timeout, each with a touchpoint saying why. */
    public Uni<List<ChatSession>> closeIdle() {
        return repository.endIdle(config.idleTimeout()).call(sessions -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ChatSession s : sessions) {
                chain = chain.chain(() -> note(s, "idle", "Chat closed after " + config.idleTimeout().toMinutes()
                        + " min without messages").chain(() -> routing.tracks(s.interactionId()))
                        .chain(tracked -> tracked ? routing.end(s.interactionId()).replaceWithVoid()
                                : closeUnrouted(s.interactionId(), "idle")));
            }
            return chain;
        });
    }

    /** The identity a session's contacts come from: the phone or email given, else the visitor itself. */
    private InboundContact.Builder contact(ChatSession session, String phone) {
        InboundContact.Builder b;
        if (phone != null) {
            b = InboundContact.of(Channel.CHAT, ContactPointType.PHONE, phone);
        } else if (session.email() != null) {
            b = InboundContact.of(Channel.CHAT, ContactPointType.EMAIL, session.email());
        } else {
            b = InboundContact.of(Channel.CHAT, ContactPointType.CHAT_VISITOR, "visitor:" + session.id());
        }
        return b.externalKey(session.id().toString()).joinOpen(false);
    }

    private Uni<Void> note(ChatSession s, String reason, String text) {
        return pool.preparedQuery("select id from append_touchpoint($1, $2, 'NOTE', 'CHAT', null, null, null,"
                        + " 'switchboard', $3, $4, null)")
                .execute(Tuple.of(s.customerId(), s.interactionId(), text, reason)).replaceWithVoid();
    }

    private Uni<Void> closeUnrouted(long interactionId, String reason) {
        return pool.preparedQuery("with i as (update interaction set state = 'CLOSED', ended_at = now()"
                        + " where id = $1 and state = 'NEW' returning id, customer_id)"
                        + " select append_touchpoint(customer_id, id, 'ENDED', 'CHAT', null, null, null, 'switchboard',"
                        + " null, $2, null) from i")
                .execute(Tuple.of(interactionId, reason)).replaceWithVoid();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
