package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsSegments;
import dev.switchboard.channel.sms.internal.KannelClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Answers STOP and START with the configured confirmation, even to a customer who just opted out.
 *
 * <p>The confirmation belongs to no interaction, and the shared outbound queue only carries
 * messages of an interaction, so it is handed to Kannel here: after the keyword and the
 * confirmation's touchpoint are committed, with its own retries while Kannel is unreachable. Once
 * Kannel accepted it, Kannel's store keeps it across restarts; a service restart during the
 * retries loses it (logged).
 */
@ApplicationScoped
public class SmsConfirmations {

    private static final Logger LOG = Logger.getLogger(SmsConfirmations.class);
    private static final int ATTEMPTS = 8;

    private final SmsConfig config;
    private final KannelClient kannel;
    private final SmsSender sender;

    SmsConfirmations(SmsConfig config, KannelClient kannel, SmsSender sender) {
        this.config = config;
        this.kannel = kannel;
        this.sender = sender;
    }

    /** Starts sending the confirmation of a keyword that was just committed; does not wait for Kannel. */
    public void send(SmsConsentService.KeywordResult result, String phone, String ourNumber) {
        String text = result.confirmation();
        KannelClient.Submit submit = new KannelClient.Submit(ourNumber, phone, text, SmsSegments.of(text).encoding(),
                config.dlrMask(), sender.dlrUrl(result.confirmationTouchpointId()));
        kannel.send(submit)
                .invoke(answer -> {
                    if (answer.result() == KannelClient.Result.UNAVAILABLE) {
                        throw new IllegalStateException(answer.body());
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofMinutes(1)).atMost(ATTEMPTS)
                .subscribe().with(answer -> {
                    if (answer.result() == KannelClient.Result.REJECTED) {
                        LOG.errorf("Kannel refused the %s confirmation to %s: %d %s", result.smsOptOut() ? "STOP"
                                : "START", phone, answer.status(), answer.body());
                    }
                }, e -> LOG.errorf("The %s confirmation to %s (touchpoint %d) was not sent after %d attempts: %s",
                        result.smsOptOut() ? "STOP" : "START", phone, result.confirmationTouchpointId(), ATTEMPTS,
                        e.getMessage()));
    }
}
