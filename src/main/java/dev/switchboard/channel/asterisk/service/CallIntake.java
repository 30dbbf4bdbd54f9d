package dev.switchboard.channel.asterisk.service;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.internal.InboundCallScript.CallEntry;
import dev.switchboard.channel.asterisk.internal.InboundCallScript.Entry;
import dev.switchboard.channel.asterisk.internal.InboundCallScript.IncomingCall;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallbackRepository;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.CustomerConfig;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.service.RoutingService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Opens the interaction of an inbound call for the FastAGI script and hands it to routing. The caller
 * is the customer with that number (E.164), or for VoIP the SIP URI of the From header; a withheld
 * number gets a provisional customer of its own for that call. A call from the chat widget carries a ticket
 * that makes it the chat's customer's, queued to the chat's queue. The linkedid is both the idempotency
 * key (a repeated AGI finds the same interaction) and the interaction's external key.
 */
@ApplicationScoped
public class CallIntake implements CallEntry {

    private static final Logger LOG = Logger.getLogger(CallIntake.class);
    private static final Pattern SIP_URI = Pattern.compile("<?(sips?:[^>;\\s]+)");

    private final ContactIngestService ingest;
    private final ContactPointNormalizer normalizer;
    private final CallRepository repository;
    private final RoutingService routing;
    private final CallTracker tracker;
    private final AsteriskConfig config;
    private final RoutingConfig routingConfig;
    private final CustomerConfig customers;
    private final WebCallService webCalls;

    CallIntake(ContactIngestService ingest, ContactPointNormalizer normalizer, CallRepository repository,
               RoutingService routing, CallTracker tracker, AsteriskConfig config, RoutingConfig routingConfig,
               CustomerConfig customers, WebCallService webCalls) {
        this.webCalls = webCalls;
        this.ingest = ingest;
        this.normalizer = normalizer;
        this.repository = repository;
        this.routing = routing;
        this.tracker = tracker;
        this.config = config;
        this.routingConfig = routingConfig;
        this.customers = customers;
    }

    /**
     * Loads at start the phone number metadata of the default region, which the first call would
     * otherwise wait for (about 100 ms; docs/benchmarks.md, offer benchmark). Nothing depends on it.
     */
    void warmUp(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            Phonenumber.PhoneNumber example = PhoneNumberUtil.getInstance().getExampleNumber(customers.defaultRegion());
            if (example != null) {
                normalizer.normalize(ContactPointType.PHONE,
                        PhoneNumberUtil.getInstance().format(example, PhoneNumberUtil.PhoneNumberFormat.E164), "warm-up");
            }
        } catch (RuntimeException e) {
            LOG.debugf("Telephony warm-up: %s", e.getMessage());
        }
    }

    @Override
    public Entry open(IncomingCall call) {
        // Where an offer's time goes (docs/benchmarks.md, offer benchmark): nanoTime after each step, DEBUG only.
        long started = System.nanoTime();
        Channel channel = "voip".equalsIgnoreCase(call.kind()) ? Channel.VOIP : Channel.VOICE;
        CallbackRepository.Ticket ticket = channel == Channel.VOIP && call.webTicket() != null
                ? await(() -> webCalls.redeem(call.webTicket())) : null;
        if (channel == Channel.VOIP && call.webTicket() != null && ticket == null) {
            LOG.infof("Call %s: its web-call ticket is unknown, used or expired; the caller is not identified",
                    call.linkedid());
        }
        Caller caller = ticket != null ? new Caller(ContactPointType.valueOf(ticket.contactType()),
                ticket.contactValue(), false) : caller(channel, call);
        long identified = System.nanoTime();
        InboundContact contact = InboundContact.of(channel, caller.type(), caller.value())
                .key(call.linkedid()).externalKey(call.linkedid()).place(call.dialled()).name(call.callerName())
                .joinOpen(false)
                .data(CallTracker.data("linkedid", call.linkedid(), "channel", call.channel(),
                        "callerId", call.callerNum(), "dialled", call.dialled(), "from", fromWithoutTag(call.fromHeader()),
                        "withheld", caller.withheld() ? Boolean.TRUE : null,
                        "chatSessionId", ticket == null ? null : ticket.sessionId().toString()))
                .build();
        Duration ring = channel == Channel.VOIP ? routingConfig.offerTimeout().voip() : routingConfig.offerTimeout().voice();
        long[] ingested = new long[1];
        Entry entry = await(() -> ingest.ingest(contact).invoke(() -> ingested[0] = System.nanoTime())
                .flatMap(result -> repository.tier(result.customerId()).map(tier -> {
            Call known = tracker.byLinkedid(call.linkedid());
            if (known == null) {
                Call c = new Call(call.linkedid(), result.interactionId(), result.customerId(), channel,
                        Call.Direction.INBOUND);
                c.customerChannel = call.channel();
                c.queueId = ticket == null ? null : ticket.queueId();
                tracker.add(c);
            }
            return new Entry(result.interactionId(), call.linkedid(), tier, Math.max(5, (ring.toMillis() + 999) / 1000));
        })));
        if (LOG.isDebugEnabled()) {
            long now = System.nanoTime();
            LOG.debugf("Call %s timing: caller %d us, ingest %d us, tier %d us", call.linkedid(),
                    (identified - started) / 1000, (ingested[0] - identified) / 1000, (now - ingested[0]) / 1000);
        }
        return entry;
    }

    @Override
    public void entered(Entry entry) {
        Call call = tracker.byLinkedid(entry.linkedid());
        Channel channel = call == null ? Channel.VOICE : call.channel;
        Optional<String> queueName = channel == Channel.VOIP ? config.voipQueue() : config.voiceQueue();
        Long own = call == null ? null : call.queueId;
        long started = System.nanoTime();
        long[] queued = new long[1];
        try {
            await(() -> (own != null ? Uni.createFrom().item(own) : queue(queueName))
                    .invoke(() -> queued[0] = System.nanoTime())
                    .flatMap(queueId -> routing.route(entry.interactionId(), queueId))
                    .replaceWithVoid()
                    // A repeated AGI on the same call: routing has it already.
                    .onFailure(ProblemException.class).recoverWithNull().replaceWithVoid());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Call %s (interaction %d) could not be routed", entry.linkedid(), entry.interactionId());
        }
        if (LOG.isDebugEnabled()) {
            long now = System.nanoTime();
            LOG.debugf("Call %s timing: queue lookup %d us, routing %d us", entry.linkedid(),
                    (queued[0] - started) / 1000, (now - queued[0]) / 1000);
        }
    }

    private Uni<Long> queue(Optional<String> name) {
        return name.isEmpty() ? Uni.createFrom().nullItem() : repository.queueNamed(name.get()).invoke(id -> {
            if (id == null) {
                LOG.warnf("Telephony: queue %s does not exist; the channel's default queue is used", name.get());
            }
        });
    }

    private record Caller(ContactPointType type, String value, boolean withheld) {
    }

    private Caller caller(Channel channel, IncomingCall call) {
        String number = call.callerNum();
        if (number != null && !number.isBlank() && !"anonymous".equalsIgnoreCase(number) && !"unknown".equalsIgnoreCase(number)) {
            try {
                return new Caller(ContactPointType.PHONE, normalizer.normalize(ContactPointType.PHONE, number, "callerId"), false);
            } catch (ProblemException notAPhoneNumber) {
                LOG.debugf("Call %s: caller id %s is not a phone number", call.linkedid(), number);
            }
        }
        if (channel == Channel.VOIP && call.fromHeader() != null) {
            Matcher m = SIP_URI.matcher(call.fromHeader());
            if (m.find() && !m.group(1).toLowerCase().contains("anonymous")) {
                return new Caller(ContactPointType.SIP_URI, m.group(1), false);
            }
        }
        return new Caller(ContactPointType.SIP_URI, "sip:withheld-" + call.linkedid().replaceAll("[^0-9A-Za-z.-]", "")
                + "@anonymous.invalid", true);
    }

    /**
     * The From header without its {@code tag} parameter: the tag names the SIP dialog, not the caller, and
     * differs on every call ({@code "Bob" <sip:bob@example.com>;tag=a1b2} → {@code "Bob" <sip:bob@example.com>}).
     * Only header parameters are looked at: with angle brackets they follow the {@code >}, without them
     * everything after the first {@code ;} is one (RFC 3261 20.10).
     */
    public static String fromWithoutTag(String from) {
        if (from == null) {
            return null;
        }
        int close = from.lastIndexOf('>');
        int start = close >= 0 ? close + 1 : from.indexOf(';');
        if (start < 0 || start >= from.length()) {
            return from.strip();
        }
        StringBuilder kept = new StringBuilder(from.substring(0, start));
        for (String param : from.substring(start).split(";")) {
            String p = param.strip();
            if (!p.isEmpty() && !p.toLowerCase(java.util.Locale.ROOT).startsWith("tag=")
                    && !p.equalsIgnoreCase("tag")) {
                kept.append(';').append(p);
            }
        }
        return kept.toString().strip();
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
