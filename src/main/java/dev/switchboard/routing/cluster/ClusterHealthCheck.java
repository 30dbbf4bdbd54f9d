package dev.switchboard.routing.cluster;

import dev.switchboard.platform.cluster.Cluster;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Health check "cluster" under {@code /q/health/well}: alone, or this instance's name in the cluster and whether it
 * owns routing or forwards to the owner. A wellness check: an instance that forwards is as ready as the owner.
 */
@Wellness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {

    private final Cluster cluster;
    private final ClusterRouting routing;

    ClusterHealthCheck(Cluster cluster, ClusterRouting routing) {
        this.cluster = cluster;
        this.routing = routing;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster").withData("enabled", cluster.enabled());
        if (!cluster.enabled()) {
            return response.up().build();
        }
        return response.withData("instanceId", cluster.instanceId())
                .withData("routing", routing.owner() ? "owner" : "forwarding to the owner")
                .up().build();
    }
}
