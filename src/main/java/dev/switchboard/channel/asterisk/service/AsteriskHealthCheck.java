package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.internal.AgiServerRunner;
import dev.switchboard.channel.asterisk.internal.AmiLink;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Health check "asterisk" under {@code /q/health/well}: the AMI link's state (on the instance holding
 * its lease; a standby says so) and whether the FastAGI port listens. A wellness check, so an Asterisk
 * outage never takes the service (and its other channels) out of a load balancer.
 */
@Wellness
@ApplicationScoped
public class AsteriskHealthCheck implements HealthCheck {

    private final AsteriskConfig config;
    private final TelephonyGateway gateway;

    AsteriskHealthCheck(AsteriskConfig config, TelephonyGateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("asterisk").withData("enabled", config.enabled());
        if (!config.enabled()) {
            return response.up().build();
        }
        AgiServerRunner agi = gateway.agi();
        boolean agiUp = agi != null && agi.listening();
        response.withData("agi", agiUp ? "listening on " + config.agi().port()
                : "down" + (agi == null || agi.error() == null ? "" : ": " + agi.error()));
        AmiLink link = gateway.link();
        if (link == null) {
            response.withData("ami", gateway.leaseHeld() ? "starting" : "standby (another instance holds the AMI lease)");
            return (agiUp ? response.up() : response.down()).build();
        }
        AmiLink.State state = link.state();
        response.withData("ami", state.name()).withData("amiSince", link.since().toString())
                .withData("amiHost", config.ami().host() + ":" + config.ami().port());
        if (link.lastError() != null) {
            response.withData("amiError", link.lastError());
        }
        return (agiUp && state == AmiLink.State.CONNECTED ? response.up() : response.down()).build();
    }
}
