package dev.switchboard.touchpoint.service;

import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.platform.cluster.TopicReader;
import dev.switchboard.touchpoint.TouchpointPayloads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In a cluster, brings every touchpoint event to the sockets of this instance, whichever instance published it: reads
 * the whole touchpoint topic (no consumer group, from its end at the start) and tells each {@link TouchpointObserver}
 * that serves {@link TouchpointObserver#eachInstance() every instance}, in order per partition (so per customer), on
 * the reader's thread. Alone, the instance does nothing here: its publisher tells the observers itself.
 */
@ApplicationScoped
public class TouchpointFanOut {

    private static final Logger LOG = Logger.getLogger(TouchpointFanOut.class);
    static final String KAFKA = "smallrye-kafka";

    private final Cluster cluster;
    private final Instance<TouchpointObserver> observers;
    private final String connector;
    private final String topic;
    private final Optional<String> streamServers;
    private volatile TopicReader reader;

    TouchpointFanOut(Cluster cluster, Instance<TouchpointObserver> observers,
                     @ConfigProperty(name = "mp.messaging.outgoing.touchpoints.connector") String connector,
                     @ConfigProperty(name = "mp.messaging.outgoing.touchpoints.topic", defaultValue = "touchpoints")
                     String topic,
                     @ConfigProperty(name = "mp.messaging.outgoing.touchpoints.bootstrap.servers")
                     Optional<String> channelServers,
                     @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> kafkaServers) {
        this.cluster = cluster;
        this.observers = observers;
        this.connector = connector;
        this.topic = topic;
        this.streamServers = channelServers.or(() -> kafkaServers);
    }

    /** Starts reading before routing joins the cluster and before sockets are accepted. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event)
            throws InterruptedException, ExecutionException, TimeoutException {
        requireKafka(cluster.enabled(), connector);
        if (!cluster.enabled()) {
            return;
        }
        String servers = cluster.config().bootstrapServers().orElseThrow();
        if (streamServers.isPresent() && !streamServers.get().equals(servers)) {
            LOG.warnf("The touchpoint stream is published to %s but read from switchboard.cluster.bootstrap-servers=%s:"
                    + " unless both name the same cluster, sockets miss every event", streamServers.get(), servers);
        }
        reader = read(servers, topic, "switchboard-touchpoints-" + cluster.instanceId(), observers);
        LOG.infof("Touchpoint events of every instance reach the sockets here: reading the topic %s", topic);
    }

    void onStop(@Observes ShutdownEvent event) {
        TopicReader r = reader;
        if (r != null) {
            r.close();
        }
    }

    /**
     * Refuses a cluster whose touchpoint stream is not on Kafka: the other instances' events would never reach the
     * sockets here, and the sockets here would hear only this instance's.
     */
    static void requireKafka(boolean clustered, String connector) {
        if (clustered && !KAFKA.equals(connector)) {
            throw new IllegalStateException("switchboard.cluster.bootstrap-servers is set (several instances), so the"
                    + " touchpoint stream must be on Kafka: set mp.messaging.outgoing.touchpoints.connector="
                    + KAFKA + " (it is " + connector + "), mp.messaging.outgoing.touchpoints.topic and"
                    + " kafka.bootstrap.servers to the same broker (docs/operations.md, \"Several instances\")");
        }
    }

    /**
     * Reads the topic's new records and tells each observer that serves every instance of each, in order per
     * partition; the others hear the events at the publisher.
     */
    static TopicReader read(String bootstrapServers, String topic, String clientId,
                            Iterable<TouchpointObserver> all)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TouchpointObserver> observers = new ArrayList<>();
        all.forEach(o -> {
            if (o.eachInstance()) {
                observers.add(o);
            }
        });
        return TopicReader.start(bootstrapServers, topic, clientId, record -> {
            Long interactionId = TouchpointPayloads.interactionId(record.value());
            for (TouchpointObserver observer : observers) {
                try {
                    observer.published(record.value(), interactionId);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Touchpoint observer %s failed", observer.getClass().getSimpleName());
                }
            }
        });
    }
}
