package dev.switchboard.platform.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Running as one of several instances (docs/operations.md, "Several instances"). Without
 * {@code switchboard.cluster.bootstrap-servers} the instance runs alone, routing in memory as it always has.
 */
@ConfigMapping(prefix = "switchboard.cluster")
public interface ClusterConfig {

    /**
     * Kafka's bootstrap servers ({@code host:port,...}). Set, the instance joins the cluster of every instance
     * with the same {@link #topicPrefix()}: routing is owned by one of them and the others forward to it, and
     * routing events and touchpoint events reach the sockets of every instance through Kafka.
     */
    Optional<String> bootstrapServers();

    /** This instance's name in the cluster; by default the host's name and a random suffix. Unique per instance. */
    Optional<String> instanceId();

    /** Start of the cluster's topic and consumer group names: instances with the same prefix form one cluster. */
    @WithDefault("switchboard")
    String topicPrefix();

    /**
     * How long an instance that stopped answering (killed, frozen, cut off) keeps routing before another takes
     * it over: Kafka's {@code session.timeout.ms} for the routing owners' group. The bulk of the failover time.
     */
    @WithDefault("PT6S")
    Duration sessionTimeout();

    /**
     * How long a forwarded routing command or read waits for the owner's answer; longer than a failover, so
     * that what is sent while the owner changes is answered by the next one.
     */
    @WithDefault("PT30S")
    Duration answerTimeout();
}
