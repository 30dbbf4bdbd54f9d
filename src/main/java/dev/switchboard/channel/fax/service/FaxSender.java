package dev.switchboard.channel.fax.service;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.ContactLimits;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.OutboundDraft;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.DialString;
import dev.switchboard.channel.asterisk.internal.CallEvent;
import dev.switchboard.channel.asterisk.service.AmiActions;
import dev.switchboard.channel.fax.FaxConfig;
import dev.switchboard.channel.fax.internal.CorruptFaxDocument;
import dev.switchboard.channel.fax.internal.FaxDocumentException;
import dev.switchboard.channel.fax.internal.FaxDocumentTooLarge;
import dev.switchboard.channel.fax.internal.FaxDocuments;
import dev.switchboard.channel.fax.internal.FaxFormat;
import dev.switchboard.channel.fax.internal.FaxLimits;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends faxes through Asterisk: the agent's PDF (an attachment of the message, or an earlier attachment named
 * by {@code data.document} = its SHA-256) is rendered to TIFF-F (G3, 204 x 196 dpi), written to the spool
 * shared with Asterisk, and dialled with an AMI Originate of {@code PJSIP/<number>@<trunk>} into
 * [sb-fax-out], which runs SendFAX.
 *
 * <p>One attempt ends when the remote fax answers (SENT) or not: busy, no answer or an unreachable trunk
 * (OriginateResponse Failure) is a {@link SendOutcome.Retry}, retried with the dispatcher's backoff. The
 * outcome of the transmission itself comes from the {@code fax-sent} AGI ({@link FaxTelephony}): DELIVERED with
 * the pages, or FAILED with FAXERROR, which is final (a fax that was answered is not sent again).
 */
@ApplicationScoped
public class FaxSender implements ChannelSender {

    private static final Logger LOG = Logger.getLogger(FaxSender.class);
    static final String ACTION_PREFIX = "sb-fax-";

    private final FaxConfig config;
    private final AsteriskConfig asterisk;
    private final AmiActions actions;
    private final FaxSpool spool;
    private final FaxDocuments documents;
    private final Instance<OutboundService> outbound;
    private final Map<String, CompletableFuture<CallEvent.OriginateResult>> dialling = new ConcurrentHashMap<>();

    FaxSender(FaxConfig config, AsteriskConfig asterisk, AmiActions actions, FaxSpool spool, ContactLimits limits,
              Instance<OutboundService> outbound) {
        this.config = config;
        this.asterisk = asterisk;
        this.actions = actions;
        this.spool = spool;
        this.documents = new FaxDocuments(new FaxLimits(Math.min(config.maxBytes(), limits.maxAttachmentBytes()),
                config.maxPages(), config.maxPixelsPerPage()));
        // OutboundService collects every sender; looked up lazily to keep the two out of a construction cycle.
        this.outbound = outbound;
    }

    @Override
    public Channel channel() {
        return Channel.FAX;
    }

    @Override
    public boolean enabled() {
        return config.enabled() && config.outbound().enabled() && asterisk.enabled();
    }

    /** Checks that the message carries one PDF that opens; records its page count on the message. */
    @Override
    public Uni<Map<String, Object>> prepare(OutboundDraft draft) {
        List<InboundContact.Attachment> files = draft.attachments() == null ? List.of() : draft.attachments();
        Object document = draft.data() == null ? null : draft.data().get("document");
        if (files.size() > 1 || (files.isEmpty() && !(document instanceof String))) {
            throw ProblemException.invalid("attachments", "a fax is one PDF: attach it, or name an earlier"
                    + " attachment's SHA-256 in data.document");
        }
        Uni<byte[]> pdf = files.isEmpty()
                ? outbound.get().attachmentData(((String) document).strip().toLowerCase()).map(bytes -> {
                    if (bytes == null) {
                        throw ProblemException.invalid("data.document", "no stored file has this SHA-256");
                    }
                    return bytes;
                })
                : Uni.createFrom().item(files.get(0).data());
        return pdf.flatMap(bytes -> Workers.offload(() -> documents.inspect(bytes)))
                .onFailure(FaxDocumentException.class).transform(FaxSender::problem)
                .map(info -> {
                    if (info.format() != FaxFormat.PDF) {
                        throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "A fax is sent from a PDF"
                                + " document; this file is a " + info.format() + ".");
                    }
                    Map<String, Object> fax = new LinkedHashMap<>();
                    fax.put("pages", info.pageCount());
                    if (files.isEmpty()) {
                        fax.put("document", ((String) document).strip().toLowerCase());
                    }
                    return Map.of("fax", fax);
                });
    }

    @Override
    public Uni<SendOutcome> send(OutboundMessage message) {
        String sha = message.attachments().isEmpty() ? document(message.data()) : message.attachments().get(0).sha256();
        if (sha == null) {
            return Uni.createFrom().item(SendOutcome.failed("the message has no PDF to send"));
        }
        String actionId = ACTION_PREFIX + message.touchpointId() + "-" + message.attempt();
        String name = "out-" + message.touchpointId() + "-" + message.attempt() + ".tif";
        return outbound.get().attachmentData(sha)
                .flatMap(pdf -> Workers.offload(() -> spool.write(name, documents.toTiffF(pdf))))
                .flatMap(file -> dial(message, actionId, file))
                .onFailure(FaxDocumentException.class).recoverWithItem(e -> SendOutcome.failed(e.getMessage()));
    }

    private Uni<SendOutcome> dial(OutboundMessage message, String actionId, String file) {
        CompletableFuture<CallEvent.OriginateResult> answered = new CompletableFuture<>();
        dialling.put(actionId, answered);
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SB_FAX_FILE", file);
        variables.put("SB_INTERACTION", Long.toString(message.interactionId()));
        variables.put("SB_FAX_ID", Long.toString(message.touchpointId()));
        Duration ring = config.outbound().ringTimeout();
        return actions.originate(actionId, "PJSIP/" + dialString(message.destination()) + "@" + config.outbound().trunk(),
                        config.outbound().context(), "s", config.outbound().callerId().orElse(null), ring.toMillis(),
                        null, variables)
                .chain(() -> Workers.backOnContext(Uni.createFrom().completionStage(answered)))
                // No OriginateResponse at all (a lost event): counted as not reached, so the dispatcher retries.
                .ifNoItem().after(ring.plusSeconds(15))
                .recoverWithItem(() -> new CallEvent.OriginateResult(null, actionId, null, null, false, null))
                .map(result -> {
                    if (result.success()) {
                        LOG.infof("Fax %d: %s answered, sending %s", message.touchpointId(), message.destination(), file);
                        return SendOutcome.sent(result.uniqueid() != null ? result.uniqueid() : actionId);
                    }
                    return SendOutcome.retry(notReached(result.reason()));
                })
                .onTermination().invoke(() -> dialling.remove(actionId));
    }

    /** An OriginateResponse of one of our fax calls; false when it is someone else's. */
    boolean originated(CallEvent.OriginateResult result) {
        CompletableFuture<CallEvent.OriginateResult> waiting =
                result.actionId() == null ? null : dialling.get(result.actionId());
        if (waiting == null) {
            return false;
        }
        waiting.complete(result);
        return true;
    }

    /** The number in the trunk's dial format: E.164 without the configured strip, with the prefix. */
    String dialString(String e164) {
        return DialString.of(e164, config.outbound().strip(), config.outbound().prefix());
    }

    /** OriginateResponse Reason: the last control frame of the dialled channel. */
    private static String notReached(Integer reason) {
        if (reason == null) {
            return "the fax number was not reached";
        }
        return switch (reason) {
            case 5 -> "busy (Originate reason 5)";
            case 3, 1 -> "no answer (Originate reason " + reason + ")";
            case 8 -> "congestion (Originate reason 8)";
            default -> "not reached (Originate reason " + reason + ")";
        };
    }

    private static String document(Map<String, Object> data) {
        Object fax = data == null ? null : data.get("fax");
        Object document = fax instanceof Map<?, ?> m ? m.get("document") : null;
        if (document == null && data != null) {
            document = data.get("document");
        }
        return document instanceof String s ? s : null;
    }

    private static ProblemException problem(Throwable e) {
        ProblemType type = e instanceof FaxDocumentTooLarge ? ProblemType.PAYLOAD_TOO_LARGE
                : e instanceof CorruptFaxDocument ? ProblemType.UNREADABLE_DOCUMENT : ProblemType.UNSUPPORTED_MEDIA_TYPE;
        return new ProblemException(type, e.getMessage());
    }
}
