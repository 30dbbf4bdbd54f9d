package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.internal.KannelClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Says whether Kannel answers (health check "sms" under {@code /q/health/well}). A wellness check,
 * not readiness: with Kannel down the service keeps taking every other channel (and keeps SMS
 * sends queued for retry), so a load balancer must not take it out of rotation for that.
 */
@Wellness
@ApplicationScoped
public class KannelHealthCheck implements AsyncHealthCheck {

    private final SmsConfig config;
    private final KannelClient kannel;

    KannelHealthCheck(SmsConfig config, KannelClient kannel) {
        this.config = config;
        this.kannel = kannel;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.enabled()) {
            return Uni.createFrom().item(HealthCheckResponse.builder().name("sms").up().withData("enabled", false).build());
        }
        return kannel.probe().map(problem -> {
            var response = HealthCheckResponse.builder().name("sms").withData("gateway", "kannel")
                    .withData("sendsms", config.kannel().sendsmsUrl());
            return problem == null ? response.up().build() : response.down().withData("reason", problem).build();
        });
    }
}
