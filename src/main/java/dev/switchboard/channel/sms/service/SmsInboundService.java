package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.IngestResult;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.channel.sms.InboundSms;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsKeyword;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.queue.repository.QueueRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Takes a mobile-originated SMS: a consent keyword changes the sender's consent and is answered;
 * anything else joins the sender's open SMS conversation or opens one that is routed to an agent.
 */
@ApplicationScoped
public class SmsInboundService {

    private static final Logger LOG = Logger.getLogger(SmsInboundService.class);

    /** What became of a message: a conversation message or a consent keyword. */
    public record Outcome(IngestResult message, SmsConsentService.KeywordResult keyword) {
        public boolean created() {
            return message != null ? message.created() : keyword.created();
        }
    }

    private final SmsConfig config;
    private final SmsKeyword.Matcher keywords;
    private final ContactPointNormalizer normalizer;
    private final ContactIngestService ingest;
    private final QueueRepository queues;
    private final SmsConsentService consent;
    private final SmsConfirmations confirmations;

    SmsInboundService(SmsConfig config, ContactPointNormalizer normalizer, ContactIngestService ingest,
                      QueueRepository queues, SmsConsentService consent,
                      SmsConfirmations confirmations) {
        this.config = config;
        this.keywords = new SmsKeyword.Matcher(config.keywords());
        this.normalizer = normalizer;
        this.ingest = ingest;
        this.queues = queues;
        this.consent = consent;
        this.confirmations = confirmations;
    }

    /** Handles one message; the returned Uni completes after everything is committed. */
    public Uni<Outcome> receive(InboundSms sms) {
        String phone = normalizer.normalize(ContactPointType.PHONE, sms.from(), "from");
        String ourNumber = sms.to() == null || sms.to().isBlank() ? config.numbers().get(0) : sms.to().strip();
        SmsKeyword keyword = keywords.match(sms.text());
        if (keyword != null) {
            return consent.apply(sms.id(), phone, ourNumber, keyword, sms.text())
                    .invoke(result -> {
                        if (result.created()) {
                            confirmations.send(result, phone, ourNumber);
                        }
                    })
                    .map(result -> new Outcome(null, result));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", sms.id());
        if (sms.smsc() != null) {
            data.put("smsc", sms.smsc());
        }
        if (sms.coding() != null) {
            data.put("coding", sms.coding());
        }
        // joinOpen: one number is one conversation while it is open; a closed one makes the next message a new one.
        InboundContact contact = InboundContact.of(Channel.SMS, ContactPointType.PHONE, phone).key(sms.id())
                .content(sms.text()).place(ourNumber).joinOpen(true).data(data).build();
        return queueId().chain(queue -> ingest.ingestAndRoute(contact, queue)).map(result -> new Outcome(result, null));
    }

    /** The configured queue's id, or null for the first queue serving SMS. */
    private Uni<Long> queueId() {
        if (config.queue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        // Looked up per message (one indexed read) so a queue created or renamed later is picked up.
        return Panache.withSession(() -> queues.findByName(config.queue().get())).map(q -> {
            if (q == null) {
                LOG.warnf("switchboard.channels.sms.queue names no queue (%s); using the first SMS queue",
                        config.queue().get());
                return null;
            }
            return q.id;
        });
    }
}
