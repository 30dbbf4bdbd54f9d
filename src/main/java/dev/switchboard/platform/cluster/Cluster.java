package dev.switchboard.platform.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Whether this instance is one of a cluster, and its name there. */
@ApplicationScoped
public class Cluster {

    private final ClusterConfig config;
    private final String instanceId;

    Cluster(ClusterConfig config) {
        this.config = config;
        this.instanceId = config.instanceId().filter(id -> !id.isBlank()).orElseGet(Cluster::defaultId);
    }

    /** True when Kafka is configured: routing, routing events and touchpoint events go through it. */
    public boolean enabled() {
        return config.bootstrapServers().filter(s -> !s.isBlank()).isPresent();
    }

    public String instanceId() {
        return instanceId;
    }

    public ClusterConfig config() {
        return config;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
