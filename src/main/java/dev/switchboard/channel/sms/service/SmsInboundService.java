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
import dev.switchboard.platform.text.NulCharacters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Takes a mobile-originated SMS: a consent keyword changes the sender's consent and is answered;
 * anything else joins the sender's open SMS conversation or opens one that is routed to an agent.
 */
@ApplicationScoped
public class SmsInboundService {

    private static final Logger LOG = Logger.getLogger(SmsInboundService.class);
    /** A long number or short code: E.164 has at most 15 digits, national formats a few more. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

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

    /**
     * Handles one message; the returned Uni completes after everything is committed. What is odd about a message
     * (a NUL character, a receiving number that is no number) is repaired and noted on it, never refused: smsbox
     * drops a message whose callback keeps failing, and the customer's message must not be lost.
     */
    public Uni<Outcome> receive(InboundSms received) {
        List<String> notes = new ArrayList<>();
        InboundSms sms = withoutNul(received, notes);
        String phone = normalizer.normalize(ContactPointType.PHONE, sms.from(), "from");
        String ourNumber = ourNumber(sms.to(), notes);
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
        if (!notes.isEmpty()) {
            data.put("notes", notes);
        }
        // joinOpen: one number is one conversation while it is open; a closed one makes the next message a new one.
        InboundContact contact = InboundContact.of(Channel.SMS, ContactPointType.PHONE, phone).key(sms.id())
                .content(sms.text()).place(ourNumber).joinOpen(true).data(data).build();
        return queueId().chain(queue -> ingest.ingestAndRoute(contact, queue)).map(result -> new Outcome(result, null));
    }

    /** The message with each NUL replaced by U+FFFD, and a note naming the fields when there was one. */
    static InboundSms withoutNul(InboundSms sms, List<String> notes) {
        List<String> fields = new ArrayList<>();
        for (String[] field : new String[][] {{"id", sms.id()}, {"from", sms.from()}, {"to", sms.to()},
                {"text", sms.text()}, {"smsc", sms.smsc()}}) {
            if (NulCharacters.in(field[1])) {
                fields.add(field[0]);
            }
        }
        if (fields.isEmpty()) {
            return sms;
        }
        notes.add(NulCharacters.note(fields));
        return new InboundSms(NulCharacters.replace(sms.id()), NulCharacters.replace(sms.from()),
                NulCharacters.replace(sms.to()), NulCharacters.replace(sms.text()), sms.coding(),
                NulCharacters.replace(sms.smsc()));
    }

    /**
     * Our number the customer wrote to, which replies go from: one of the configured numbers, or another that has
     * the shape of a number (Kannel may serve more than are configured), noted. Anything else (letters, a NUL,
     * more digits than any number has) is not taken as a sender for replies: the first configured number is, noted.
     */
    String ourNumber(String to, List<String> notes) {
        String first = config.numbers().get(0);
        if (to == null || to.isBlank()) {
            return first;
        }
        String number = to.strip();
        for (String configured : config.numbers()) {
            if (configured.strip().equals(number)) {
                return configured.strip();
            }
        }
        if (NUMBER.matcher(number).matches()) {
            notes.add("written to " + number + ", which is not among switchboard.channels.sms.numbers");
            return number;
        }
        String shown = number.length() <= 40 ? number
                : number.substring(0, 40) + "… (" + number.length() + " characters)";
        notes.add("the gateway gave \"" + shown + "\" as the number written to, which is no phone number;"
                + " replies go from " + first);
        return first;
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
