package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.OutboundDraft;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsSegments;
import dev.switchboard.channel.sms.internal.KannelClient;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.vertx.http.HttpServer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends agents' SMS through Kannel's sendsms. Before a message is stored it checks consent,
 * destination and length and records the encoding and part count; when the dispatcher hands it
 * over, it asks Kannel for delivery reports to {@code /api/channels/sms/dlr} with the message's
 * touchpoint id as reference, because sendsms answers with no message id of its own.
 */
@ApplicationScoped
public class SmsSender implements ChannelSender {

    private static final Logger LOG = Logger.getLogger(SmsSender.class);

    private final SmsConfig config;
    private final KannelClient kannel;
    private final ContactPointNormalizer normalizer;
    private final Pool pool;
    private final Instance<HttpServer> server;

    SmsSender(SmsConfig config, KannelClient kannel, ContactPointNormalizer normalizer, Pool pool,
              Instance<HttpServer> server) {
        this.config = config;
        this.kannel = kannel;
        this.normalizer = normalizer;
        this.pool = pool;
        this.server = server;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<Map<String, Object>> prepare(OutboundDraft draft) {
        if (draft.attachments() != null && !draft.attachments().isEmpty()) {
            throw ProblemException.invalid("attachments", "an SMS carries text only");
        }
        if (draft.text() == null || draft.text().isBlank()) {
            throw ProblemException.invalid("text", "must not be blank");
        }
        normalizer.normalize(ContactPointType.PHONE, draft.destination(), "to");
        SmsSegments segments = SmsSegments.of(draft.text());
        if (segments.segments() > config.maxSegments()) {
            throw ProblemException.invalid("text", "takes " + segments.segments() + " SMS parts as "
                    + segments.encoding().label() + "; at most " + config.maxSegments() + " are sent");
        }
        return optedOut(draft.customerId())
                .map(optedOut -> {
                    if (optedOut) {
                        throw new ProblemException(ProblemType.CONFLICT, "Customer " + draft.customerId()
                                + " opted out of SMS (replied with a STOP keyword); nothing was sent. The customer"
                                + " opts in again by texting START.");
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("segments", segments.segments());
                    data.put("encoding", segments.encoding().label());
                    data.put("units", segments.units());
                    return data;
                });
    }

    @Override
    public Uni<SendOutcome> send(OutboundMessage message) {
        // Checked again here: a STOP may have come while the message waited (Kannel down, backoff).
        return optedOut(message.customerId()).flatMap(optedOut -> optedOut
                ? Uni.createFrom().item(SendOutcome.failed("the customer opted out of SMS before it was sent"))
                : submit(message));
    }

    private Uni<Boolean> optedOut(long customerId) {
        return pool.preparedQuery("select sms_opt_out from customer where id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
    }

    private Uni<SendOutcome> submit(OutboundMessage message) {
        String from = message.channelAddress() != null && !message.channelAddress().isBlank()
                ? message.channelAddress() : config.numbers().get(0);
        SmsSegments segments = SmsSegments.of(message.text());
        KannelClient.Submit submit = new KannelClient.Submit(from, message.destination(), message.text(),
                segments.encoding(), config.dlrMask(), dlrUrl(message.touchpointId()));
        return kannel.send(submit).map(answer -> switch (answer.result()) {
            // Kannel has no id for the message: its answer ("0: Accepted for delivery" or "3: Queued for
            // later delivery", which means it holds it until the carrier link is back) is the reference.
            case ACCEPTED, QUEUED -> SendOutcome.sent(answer.body());
            case REJECTED -> {
                LOG.warnf("Kannel refused SMS %d: %d %s", message.touchpointId(), answer.status(), answer.body());
                yield SendOutcome.failed("Kannel refused it: " + answer.status() + " " + answer.body());
            }
            case UNAVAILABLE -> SendOutcome.retry(answer.status() == 0 ? answer.body()
                    : "Kannel answered " + answer.status() + " " + answer.body());
        });
    }

    /**
     * Where Kannel reports this message's delivery: our reference and the secret, plus Kannel's
     * escapes for the report type (%d), the SMSC's text (%A) and the SMSC (%i).
     */
    String dlrUrl(long touchpointId) {
        String secret = config.callbackSecret().orElse("");
        return callbackBase() + "/api/channels/sms/dlr?ref=" + touchpointId + "&type=%d&reply=%A&smsc=%i&secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    private String callbackBase() {
        return config.callbackBaseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(() -> "http://127.0.0.1:" + server.get().getPort());
    }
}
