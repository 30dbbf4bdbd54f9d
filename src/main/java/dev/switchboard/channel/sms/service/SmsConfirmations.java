package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsSegments;
import dev.switchboard.channel.sms.internal.KannelClient;
import dev.switchboard.platform.text.NulCharacters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Answers STOP and START with the configured confirmation, even to a customer who just opted out.
 *
 * <p>The confirmation belongs to no interaction, and the shared outbound queue only carries
 * messages of an interaction, so it is handed to Kannel here: after the keyword and the
 * confirmation's touchpoint are committed, with its own retries while Kannel is unreachable. Once
 * Kannel accepted it, Kannel's store keeps it across restarts; a service restart during the
 * retries loses it (logged). Its status is recorded as for any message out (a DELIVERY touchpoint):
 * SENT once Kannel took it, FAILED when Kannel refused it or every attempt failed, then what the
 * delivery reports say.
 */
@ApplicationScoped
public class SmsConfirmations {

    private static final Logger LOG = Logger.getLogger(SmsConfirmations.class);
    private static final int ATTEMPTS = 8;

    private final SmsConfig config;
    private final KannelClient kannel;
    private final SmsSender sender;
    private final OutboundService outbound;

    SmsConfirmations(SmsConfig config, KannelClient kannel, SmsSender sender, OutboundService outbound) {
        this.config = config;
        this.kannel = kannel;
        this.sender = sender;
        this.outbound = outbound;
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
                .onItemOrFailure().transformToUni((answer, e) -> {
                    String keyword = result.smsOptOut() ? "STOP" : "START";
                    if (e != null) {
                        LOG.errorf("The %s confirmation to %s (touchpoint %d) was not sent after %d attempts: %s",
                                keyword, phone, result.confirmationTouchpointId(), ATTEMPTS, e.getMessage());
                        return status(result, DeliveryStatus.FAILED, "the SMS gateway was unreachable",
                                Map.of("attempts", ATTEMPTS));
                    }
                    if (answer.result() == KannelClient.Result.REJECTED) {
                        LOG.errorf("Kannel refused the %s confirmation to %s: %d %s", keyword, phone, answer.status(),
                                answer.body());
                        return status(result, DeliveryStatus.FAILED, "the SMS gateway refused it: "
                                + NulCharacters.replace(answer.body()), Map.of("gatewayStatus", answer.status()));
                    }
                    return status(result, DeliveryStatus.SENT, null, Map.of("report", "gateway-accepted"));
                })
                .subscribe().with(x -> { }, e -> LOG.warnf("The status of confirmation touchpoint %d was not recorded: %s",
                        result.confirmationTouchpointId(), e.getMessage()));
    }

    private Uni<Boolean> status(SmsConsentService.KeywordResult result, DeliveryStatus status, String reason,
                                Map<String, Object> data) {
        return outbound.recordStatus(result.confirmationTouchpointId(), status, reason, data);
    }
}
