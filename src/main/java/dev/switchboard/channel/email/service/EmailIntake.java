package dev.switchboard.channel.email.service;

import dev.switchboard.channel.ContactLimits;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.IngestResult;
import dev.switchboard.channel.email.EmailConfig;
import dev.switchboard.channel.email.ParsedMail;
import dev.switchboard.channel.email.ParsedMail.MailPart;
import dev.switchboard.channel.email.Threading;
import dev.switchboard.channel.email.Threading.Decision;
import dev.switchboard.channel.email.Threading.Found;
import dev.switchboard.channel.email.Threading.Keys;
import dev.switchboard.channel.email.internal.HtmlSanitizer;
import dev.switchboard.channel.email.internal.MailboxWatcher.IncomingMail;
import dev.switchboard.channel.email.internal.SubjectTokens;
import dev.switchboard.channel.email.repository.EmailRepository;
import dev.switchboard.channel.email.repository.EmailRepository.NewMessage;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.service.OutboundService;
import jakarta.enterprise.inject.Instance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns one parsed inbound mail into records: a person's mail is threaded and goes through the core
 * ingest path (and routing); auto-replies, bounces and our own mail are kept but never open anything.
 * Runs on a Vert.x context; the watcher thread waits for it.
 */
@ApplicationScoped
public class EmailIntake {

    private static final Logger LOG = Logger.getLogger(EmailIntake.class);
    /** Stands in for a sender we could not read, so the message is still stored (with a note). */
    static final String UNKNOWN_SENDER = "unknown-sender@mail.invalid";

    private final EmailRepository repository;
    private final ContactIngestService ingest;
    private final Instance<OutboundService> outbound;
    private final ContactPointNormalizer normalizer;
    private final ContactLimits limits;
    private final EmailConfig config;
    private final Set<String> ownAddresses;
    private final Set<String> missingQueues = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EmailIntake(EmailRepository repository, ContactIngestService ingest, Instance<OutboundService> outbound,
                ContactPointNormalizer normalizer, ContactLimits limits, EmailConfig config) {
        this.repository = repository;
        this.ingest = ingest;
        this.outbound = outbound;
        this.normalizer = normalizer;
        this.limits = limits;
        this.config = config;
        this.ownAddresses = config.mailboxes().values().stream().map(m -> m.address().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What kind of mail it is, for what happens to it. */
    enum Kind { MESSAGE, AUTO_REPLY, BOUNCE, OWN }

    /**
     * Stores one mail once. A mail seen before (same key: the same Message-ID from the same sender with the same
     * content, or the same raw bytes when it has no Message-ID) is recognised and skipped; another mail reusing a
     * Message-ID is stored as itself, with a note.
     */
    public Uni<Void> accept(String mailboxName, IncomingMail incoming, ParsedMail parsed) {
        EmailConfig.Mailbox mailbox = config.mailboxes().get(mailboxName);
        return repository.seen(parsed.idempotencyKey(), "INBOUND").flatMap(seen -> {
            if (seen) {
                LOG.debugf("Mailbox %s: %s already stored", mailboxName, parsed.idempotencyKey());
                return Uni.createFrom().<ParsedMail>nullItem();
            }
            return reused(mailboxName, parsed);
        }).flatMap(read -> {
            if (read == null) {
                return Uni.createFrom().voidItem();
            }
            String sender = sender(read);
            ParsedMail mail = !sender.equals(UNKNOWN_SENDER) ? read : read.withNote("sender could not be read"
                    + (read.from() == null ? "" : " (\"" + read.from().address() + "\" is not an email address)")
                    + ": stored under " + UNKNOWN_SENDER);
            Kind kind = kind(mail);
            Keys keys = Keys.of(mail);
            return repository.customerByEmail(sender).flatMap(customer -> lookup(keys, customer).flatMap(found -> {
                Decision decision = Threading.decide(keys, found, customer, OffsetDateTime.now(), config.reopenWindow());
                Context c = new Context(mailboxName, mailbox, incoming, mail, kind, sender, customer, decision);
                return switch (kind) {
                    case MESSAGE -> person(c);
                    case AUTO_REPLY, OWN -> automatic(c);
                    case BOUNCE -> bounce(c);
                };
            }));
        });
    }

    /**
     * The mail to store, with a note when its Message-ID was already used by another message; null when it is a
     * message stored before keys bound the content (then the Message-ID alone said "seen", as it did then).
     */
    private Uni<ParsedMail> reused(String mailboxName, ParsedMail mail) {
        if (mail.messageId() == null) {
            return Uni.createFrom().item(mail);
        }
        return repository.inboundWithMessageId(mail.messageId()).map(same -> {
            if (same.isEmpty()) {
                return mail;
            }
            if (same.stream().anyMatch(s -> s.mailKey().equals(mail.messageId()))) {
                LOG.debugf("Mailbox %s: %s already stored (before content keys)", mailboxName, mail.messageId());
                return null;
            }
            EmailRepository.SameId first = same.get(0);
            String where = first.touchpointId() != null ? "touchpoint " + first.touchpointId()
                    : first.interactionId() != null ? "interaction " + first.interactionId() : "a message kept without an interaction";
            LOG.infof("Mailbox %s: Message-ID %s reused by a different message (first: %s); stored as its own message",
                    mailboxName, mail.messageId(), where);
            return mail.withNote("Message-ID " + mail.messageId() + " was reused: " + same.size()
                    + (same.size() == 1 ? " other message" : " other messages")
                    + " (another sender or other content) came with it before (first: " + where
                    + "); this one is stored as its own message");
        });
    }

    /** Records a message that could not be stored, so it is known and not tried again after a re-read. */
    public Uni<Void> setAside(String mailboxName, IncomingMail incoming, ParsedMail mail, String reason) {
        JsonObject data = summary(mail).put("reason", reason);
        return repository.save(new NewMessage(messageId(mail), mail.idempotencyKey(), "INBOUND", "FAILED", mailboxName,
                incoming.uidValidity(), incoming.uid(), null, null, null, mail.subject(), null, data));
    }

    private record Context(String mailboxName, EmailConfig.Mailbox mailbox, IncomingMail incoming, ParsedMail mail,
                           Kind kind, String sender, Long customerId, Decision decision) {
    }

    private Uni<Found> lookup(Keys keys, Long customer) {
        Uni<Threading.Candidate> byToken = keys.interactionToken() == null ? Uni.createFrom().nullItem()
                : repository.emailInteraction(keys.interactionToken());
        Uni<Threading.ServiceRequestCandidate> bySr = keys.serviceRequestToken() == null ? Uni.createFrom().nullItem()
                : repository.serviceRequest(keys.serviceRequestToken());
        return repository.byMessageIds(keys.messageIds(), customer).flatMap(byId -> byToken.flatMap(token -> bySr.map(sr ->
                new Found(byId, token, sr))));
    }

    private Uni<Void> person(Context c) {
        List<String> notes = new ArrayList<>(c.mail().notes());
        String text = c.mail().text();
        if (text.length() > limits.maxMessageLength()) {
            notes.add("text of " + text.length() + " characters cut at " + limits.maxMessageLength());
            text = text.substring(0, limits.maxMessageLength());
        }
        if (text.isEmpty()) {
            text = "(no text)";
        }
        List<MailPart> stored = new ArrayList<>();
        List<InboundContact.Attachment> attachments = new ArrayList<>();
        for (MailPart part : c.mail().parts()) {
            if (part.data() == null || part.data().length == 0) {
                continue;
            }
            if (attachments.size() >= limits.maxAttachments() || part.data().length > limits.maxAttachmentBytes()) {
                notes.add("attachment \"" + part.filename() + "\" not stored: over the per-contact limits");
                continue;
            }
            stored.add(part);
            attachments.add(new InboundContact.Attachment(part.filename(), part.contentType(), part.data()));
        }
        JsonObject data = summary(c.mail()).put("threading", threading(c.decision())).put("mailbox", c.mailboxName());
        boolean unsubscribe = unsubscribe(c.mail().subject(), text);
        if (unsubscribe) {
            data.put("unsubscribe", true);
        }
        if (!notes.isEmpty()) {
            data.put("notes", new JsonArray(notes));
        }
        String html = c.mail().html() == null ? null : HtmlSanitizer.sanitize(c.mail().html());
        data.put("html", html != null);
        JsonObject inline = new JsonObject();
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).contentId() != null) {
                inline.put(stored.get(i).contentId(), i);
            }
        }
        data.put("inline", inline);
        InboundContact contact = InboundContact.of(Channel.EMAIL, ContactPointType.EMAIL, c.sender())
                .key(c.mail().idempotencyKey())
                // The first mail of a thread names the interaction at the source, as DESIGN's external keys do.
                .externalKey(c.decision().interactionId() == null ? c.mail().idempotencyKey() : null)
                .content(text).place(c.mailbox().address())
                .name(c.mail().from() == null ? null : c.mail().from().name())
                .attachments(attachments)
                .interactionId(c.decision().interactionId())
                .joinOpen(false)
                .serviceRequestId(c.decision().serviceRequestId())
                .data(data.getMap())
                .build();
        return queue(c.mailbox()).flatMap(queueId -> ingest.ingestAndRoute(contact, queueId))
                .call(result -> unsubscribe ? repository.emailOptOut(result.customerId()) : Uni.createFrom().voidItem())
                .flatMap(result -> repository.save(row(c, "MESSAGE", result, html, data)));
    }

    /**
     * A mail asking for no more mail: its subject (reply prefixes and our tokens aside) or its first line is
     * "unsubscribe" or "退订", as the List-Unsubscribe header and the footer of a campaign's mail ask. The customer
     * opts out of email; the mail is stored and routed like any other, so an agent sees it.
     */
    static boolean unsubscribe(String subject, String text) {
        String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return keyword(subject == null ? "" : SubjectTokens.strip(subject)) || keyword(first);
    }

    private static boolean keyword(String line) {
        String word = line.strip().replaceAll("[.!。！]+$", "");
        return word.equalsIgnoreCase("unsubscribe") || word.equals("退订");
    }

    private Uni<Void> automatic(Context c) {
        JsonObject data = summary(c.mail()).put("threading", threading(c.decision())).put("mailbox", c.mailboxName())
                .put("automatic", c.kind() == Kind.OWN ? "mail from our own address" : c.mail().automaticReason());
        if (c.decision().outcome() != Threading.Outcome.JOIN) {
            // Nothing to attach it to without opening something: keep the record only.
            LOG.infof("Mailbox %s: %s %s kept without an interaction (%s)", c.mailboxName(), c.kind(),
                    c.mail().idempotencyKey(), data.getString("automatic"));
            return repository.save(row(c, c.kind().name(), null, null, data));
        }
        // Appended to the customer's open thread only; plain ingest, so nothing is routed or reopened by it.
        InboundContact contact = InboundContact.of(Channel.EMAIL, ContactPointType.EMAIL, c.sender())
                .key(c.mail().idempotencyKey())
                .content(c.mail().text().isEmpty() ? "(no text)" : cut(c.mail().text()))
                .place(c.mailbox().address())
                .interactionId(c.decision().interactionId())
                .joinOpen(false)
                .data(data.getMap())
                .build();
        return ingest.ingest(contact).flatMap(result -> repository.save(row(c, c.kind().name(), result, null, data)));
    }

    private Uni<Void> bounce(Context c) {
        ParsedMail.Bounce b = c.mail().bounce();
        JsonObject data = summary(c.mail()).put("mailbox", c.mailboxName()).put("bounce", new JsonObject()
                .put("recipient", b.recipient()).put("failed", b.failed()).put("action", b.action())
                .put("status", b.status()).put("diagnostic", b.diagnostic())
                .put("originalMessageId", b.originalMessageId()));
        String reason = "bounce" + (b.status() == null ? "" : " " + b.status())
                + (b.diagnostic() == null ? "" : ": " + b.diagnostic());
        Uni<Long> failing = b.failed() && b.recipient() != null
                ? repository.markFailing(b.recipient(), reason.length() > 500 ? reason.substring(0, 500) : reason)
                : Uni.createFrom().nullItem();
        Uni<EmailRepository.StoredMessage> original = b.originalMessageId() == null ? Uni.createFrom().nullItem()
                : repository.message(b.originalMessageId(), "OUTBOUND");
        return failing.flatMap(customer -> original.flatMap(sent -> {
            LOG.infof("Mailbox %s: bounce for %s (%s)%s", c.mailboxName(), b.recipient(), reason,
                    customer == null ? "" : ", contact point marked failing");
            Long interaction = sent == null ? null : sent.interactionId();
            Uni<Boolean> status = Uni.createFrom().item(false);
            if (sent != null && sent.touchpointId() != null) {
                data.put("originalTouchpointId", sent.touchpointId());
                // The bounced message's status shows the failure on its thread; nothing opens or reopens.
                status = outbound.get().recordStatus(sent.touchpointId(), b.failed() ? DeliveryStatus.FAILED
                        : DeliveryStatus.SENT, reason, Map.of("bounce", data.getJsonObject("bounce").getMap()));
            }
            return status.chain(() -> repository.save(new NewMessage(messageId(c.mail()), c.mail().idempotencyKey(), "INBOUND", "BOUNCE", c.mailboxName(),
                    c.incoming().uidValidity(), c.incoming().uid(), customer, interaction, null, c.mail().subject(),
                    null, data)));
        }));
    }

    private NewMessage row(Context c, String kind, IngestResult result, String html, JsonObject data) {
        return new NewMessage(messageId(c.mail()), c.mail().idempotencyKey(), "INBOUND", kind, c.mailboxName(), c.incoming().uidValidity(),
                c.incoming().uid(), result == null ? c.customerId() : Long.valueOf(result.customerId()),
                result == null ? null : result.interactionId(), result == null ? null : result.touchpointId(),
                c.mail().subject(), html, data);
    }

    /** What threading finds the message by: its Message-ID, or its key when it has none. */
    private static String messageId(ParsedMail mail) {
        return mail.messageId() != null ? mail.messageId() : mail.idempotencyKey();
    }

    private Uni<Long> queue(EmailConfig.Mailbox mailbox) {
        if (mailbox.queue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return repository.queue(mailbox.queue().get()).invoke(id -> {
            if (id == null && missingQueues.add(mailbox.queue().get())) {
                LOG.warnf("Email queue \"%s\" does not exist; the channel's default queue is used", mailbox.queue().get());
            }
        });
    }

    private Kind kind(ParsedMail mail) {
        if (mail.automatic() == ParsedMail.Automatic.BOUNCE) {
            return Kind.BOUNCE;
        }
        if (mail.from() != null && ownAddresses.contains(mail.from().address())) {
            return Kind.OWN;
        }
        return mail.automatic() == ParsedMail.Automatic.AUTO_REPLY ? Kind.AUTO_REPLY : Kind.MESSAGE;
    }

    private String sender(ParsedMail mail) {
        if (mail.from() == null) {
            return UNKNOWN_SENDER;
        }
        try {
            return normalizer.normalize(ContactPointType.EMAIL, mail.from().address(), "from");
        } catch (ProblemException e) {
            return UNKNOWN_SENDER;
        }
    }

    private String cut(String text) {
        return text.length() > limits.maxMessageLength() ? text.substring(0, limits.maxMessageLength()) : text;
    }

    static JsonObject threading(Decision d) {
        return new JsonObject().put("rule", d.rule().label).put("outcome", d.outcome().name())
                .put("matchedInteractionId", d.matched()).put("rejectedInteractionIds", new JsonArray(d.rejected()));
    }

    /** The headers kept on the touchpoint and the message row. */
    static JsonObject summary(ParsedMail mail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", mail.subject());
        m.put("messageId", mail.messageId());
        m.put("inReplyTo", mail.inReplyTo());
        m.put("references", mail.references());
        m.put("from", mail.from() == null ? null : address(mail.from()));
        m.put("to", mail.to().stream().map(EmailIntake::address).toList());
        m.put("cc", mail.cc().stream().map(EmailIntake::address).toList());
        m.put("date", mail.date() == null ? null : mail.date().toString());
        m.put("size", mail.size());
        if (!mail.notes().isEmpty()) {
            m.put("notes", mail.notes());
        }
        return new JsonObject(m);
    }

    private static Map<String, Object> address(ParsedMail.MailAddress a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", a.address());
        m.put("name", a.name());
        return m;
    }
}
