package dev.switchboard.channel.email;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.OutboundDraft;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.channel.email.internal.SmtpGateway;
import dev.switchboard.channel.email.internal.SubjectTokens;
import dev.switchboard.channel.email.repository.EmailRepository;
import dev.switchboard.channel.email.repository.EmailRepository.StoredMessage;
import dev.switchboard.channel.email.service.SmtpResults;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends agents' emails over SMTP as the mailbox the conversation came in on: our own Message-ID
 * (stored before sending, so the customer's answer threads even if we crash right after), the
 * thread's In-Reply-To and References, and the interaction's token in the subject.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    private static final int MAX_REFERENCES = 20;
    /** The draft's data field an agent sets to send to an address a bounce marked failing. */
    static final String CONFIRM_FAILING = "sendToFailingAddress";

    private final EmailConfig config;
    private final EmailRepository repository;
    private final Instance<OutboundService> outbound;
    private final SmtpResults results;

    EmailSender(EmailConfig config, EmailRepository repository, Instance<OutboundService> outbound, SmtpResults results) {
        this.config = config;
        this.repository = repository;
        // OutboundService collects every sender; looked up lazily to keep the two out of a construction cycle.
        this.outbound = outbound;
        this.results = results;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean enabled() {
        return !config.mailboxes().isEmpty();
    }

    /** A new email needs a subject ({@code data.subject}); {@code data.mailbox} may pick the mailbox to send from. */
    @Override
    public Uni<Map<String, Object>> prepare(OutboundDraft draft) {
        Map<String, Object> data = draft.data() == null ? Map.of() : draft.data();
        Object subject = data.get("subject");
        if (draft.interactionId() == null && (!(subject instanceof String s) || s.isBlank())) {
            throw ProblemException.invalid("data.subject", "a new email needs a subject");
        }
        if (subject != null && (!(subject instanceof String s) || s.length() > 900)) {
            throw ProblemException.invalid("data.subject", "must be text of at most 900 characters");
        }
        Object mailbox = data.get("mailbox");
        if (mailbox != null && !config.mailboxes().containsKey(String.valueOf(mailbox))) {
            throw ProblemException.invalid("data.mailbox", "no mailbox " + mailbox + "; one of " + config.mailboxes().keySet());
        }
        Object confirmed = data.get(CONFIRM_FAILING);
        if (confirmed != null && !(confirmed instanceof Boolean)) {
            throw ProblemException.invalid("data." + CONFIRM_FAILING, "must be true or false");
        }
        return repository.failing(draft.destination()).map(failing -> {
            if (failing == null) {
                return Map.<String, Object>of();
            }
            // A bounce said this address takes no mail: the agent decides, knowing it, whether to send anyway.
            // Only replies are held: a draft without an interaction may be the service's own notice (a chat
            // transcript at the end of a chat), which no agent could confirm; it goes out with the warning recorded.
            if (draft.interactionId() != null && !Boolean.TRUE.equals(confirmed)) {
                throw new ProblemException(ProblemType.CONFLICT, "The address " + draft.destination()
                        + " is marked failing since " + failing.since() + " (" + failing.reason() + "); the mail"
                        + " would probably bounce. Send again with data." + CONFIRM_FAILING + " = true to send it anyway,"
                        + " or use another address", List.of(new Problem.FieldError("data." + CONFIRM_FAILING,
                        "the address is failing: " + failing.reason())));
            }
            Map<String, Object> warning = new LinkedHashMap<>();
            warning.put("address", draft.destination());
            warning.put("reason", failing.reason());
            warning.put("since", failing.since() == null ? null : failing.since().toString());
            warning.put("confirmed", Boolean.TRUE.equals(confirmed));
            return Map.<String, Object>of("addressFailing", warning);
        });
    }

    @Override
    public Uni<SendOutcome> send(OutboundMessage message) {
        Optional<Map.Entry<String, EmailConfig.Mailbox>> mailbox = mailbox(message);
        if (mailbox.isEmpty()) {
            return Uni.createFrom().item(SendOutcome.failed("no mailbox to send from"));
        }
        String name = mailbox.get().getKey();
        EmailConfig.Mailbox box = mailbox.get().getValue();
        Uni<Void> claimed = message.channelAddress() == null
                ? repository.claimChannelAddress(message.interactionId(), box.address()) : Uni.createFrom().voidItem();
        return claimed.chain(() -> repository.thread(message.interactionId())).flatMap(thread -> repository.serviceRequestOf(message.interactionId())
                .flatMap(sr -> messageId(message, name, box, thread, sr).flatMap(id -> files(message).map(files ->
                        outgoing(message, box, thread, sr, id, files)))))
                .flatMap(mail -> Uni.createFrom().item(() -> SmtpGateway.send(box.smtp(), config.socketTimeout(), mail))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .map(result -> {
                    results.record(name, result.outcome() != SmtpGateway.Outcome.RETRY, result.detail());
                    return switch (result.outcome()) {
                        case SENT -> SendOutcome.sent(result.detail());
                        case RETRY -> SendOutcome.retry(result.detail());
                        case FAILED -> SendOutcome.failed(result.detail());
                    };
                });
    }

    /** The Message-ID of this message: the one stored on an earlier attempt, or a new one stored now. */
    private Uni<String> messageId(OutboundMessage message, String name, EmailConfig.Mailbox box,
                                  List<StoredMessage> thread, Long sr) {
        return repository.messageByTouchpoint(message.touchpointId()).flatMap(earlier -> {
            if (earlier != null) {
                return Uni.createFrom().item(earlier.messageId());
            }
            String domain = box.address().substring(box.address().indexOf('@') + 1);
            String id = "<" + UUID.randomUUID() + "." + message.touchpointId() + "@" + domain + ">";
            String subject = subject(message, thread, sr);
            return repository.save(new EmailRepository.NewMessage(id, id, "OUTBOUND", "MESSAGE", name, null, null,
                            message.customerId(), message.interactionId(), message.touchpointId(), subject, null,
                            new JsonObject().put("to", message.destination())))
                    // A concurrent attempt cannot happen (the dispatcher sends one message once at a time), but
                    // read back what is stored so the id is the one threading will find.
                    .chain(() -> repository.messageByTouchpoint(message.touchpointId()))
                    .map(stored -> stored == null ? id : stored.messageId());
        });
    }

    private Uni<List<SmtpGateway.File>> files(OutboundMessage message) {
        List<OutboundMessage.StoredAttachment> list = message.attachments() == null ? List.of() : message.attachments();
        Uni<List<SmtpGateway.File>> files = Uni.createFrom().item(new ArrayList<>());
        for (OutboundMessage.StoredAttachment a : list) {
            files = files.flatMap(acc -> outbound.get().attachmentData(a.sha256()).map(bytes -> {
                if (bytes != null) {
                    acc.add(new SmtpGateway.File(a.filename(), a.contentType(), bytes));
                }
                return acc;
            }));
        }
        return files;
    }

    private SmtpGateway.Outgoing outgoing(OutboundMessage message, EmailConfig.Mailbox box, List<StoredMessage> thread,
                                          Long sr, String id, List<SmtpGateway.File> files) {
        List<String> ids = new ArrayList<>();
        String latestTheirs = null;
        String latestOurs = null;
        for (StoredMessage m : thread) {
            // Bounces, auto-replies and copies of our own mail sit on the thread but are no part of the
            // conversation: an answer never replies to them nor lists them.
            if (m.messageId().equals(id) || !realId(m.messageId()) || !"MESSAGE".equals(m.kind())) {
                continue;
            }
            ids.add(m.messageId());
            if ("INBOUND".equals(m.direction())) {
                latestTheirs = m.messageId();
            } else {
                latestOurs = m.messageId();
            }
        }
        // The customer's latest real mail is what this answers; our own earlier mail if they wrote none.
        String inReplyTo = latestTheirs != null ? latestTheirs : latestOurs;
        if (ids.size() > MAX_REFERENCES) {
            // RFC 5322: keep the first (the thread's root) and the latest ones.
            List<String> kept = new ArrayList<>(List.of(ids.get(0)));
            kept.addAll(ids.subList(ids.size() - MAX_REFERENCES + 1, ids.size()));
            ids = kept;
        }
        // A campaign's mail (bulk) names how to leave: a mail to this mailbox whose subject is "unsubscribe".
        String unsubscribe = message.data() != null && message.data().get("campaign") != null
                ? "<mailto:" + box.address() + "?subject=unsubscribe>" : null;
        return new SmtpGateway.Outgoing(box.address(), box.displayName().orElse(null), message.destination(),
                subject(message, thread, sr), message.text(), id, inReplyTo, ids, files, unsubscribe);
    }

    private static String subject(OutboundMessage message, List<StoredMessage> thread, Long sr) {
        Object given = message.data() == null ? null : message.data().get("subject");
        if (given instanceof String s && !s.isBlank()) {
            return SubjectTokens.with(s, message.interactionId(), sr);
        }
        String original = thread.stream().map(StoredMessage::subject).filter(s -> s != null && !s.isBlank())
                .findFirst().orElse(null);
        return SubjectTokens.reply(original, message.interactionId(), sr);
    }

    /** Ids we made up for mail that had none (content hashes) are not sent as references. */
    private static boolean realId(String id) {
        return id.startsWith("<") && !id.startsWith("<sha256:");
    }

    private Optional<Map.Entry<String, EmailConfig.Mailbox>> mailbox(OutboundMessage message) {
        Object named = message.data() == null ? null : message.data().get("mailbox");
        if (named != null && config.mailboxes().containsKey(String.valueOf(named))) {
            return Optional.of(Map.entry(String.valueOf(named), config.mailboxes().get(String.valueOf(named))));
        }
        if (message.channelAddress() != null) {
            Optional<Map.Entry<String, EmailConfig.Mailbox>> byAddress = config.mailboxes().entrySet().stream()
                    .filter(e -> e.getValue().address().equalsIgnoreCase(message.channelAddress())).findFirst();
            if (byAddress.isPresent()) {
                return byAddress;
            }
        }
        String fallback = config.defaultMailbox().orElseGet(() -> config.mailboxes().keySet().stream().sorted()
                .findFirst().orElse(null));
        EmailConfig.Mailbox box = fallback == null ? null : config.mailboxes().get(fallback);
        return box == null ? Optional.empty() : Optional.of(Map.entry(fallback, box));
    }
}
