package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.platform.cluster.TopicReader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * In a cluster, brings the chat frames that are not touchpoints (the agent's typing, read marks, an idle end's reason)
 * to the customer's socket on whichever instance it is: {@link ChatConnections#send} publishes them to the topic
 * {@code <prefix>.chat-frames}, keyed by interaction (so each chat's frames keep their order), and every instance
 * reads the topic from its end and hands them to its own sockets. Alone, the instance does nothing here.
 */
@ApplicationScoped
public class ChatFrameRelay {

    private static final Logger LOG = Logger.getLogger(ChatFrameRelay.class);

    private final Cluster cluster;
    private final ChatConnections connections;
    private volatile KafkaProducer<String, String> producer;
    private volatile TopicReader reader;

    ChatFrameRelay(Cluster cluster, ChatConnections connections) {
        this.cluster = cluster;
        this.connections = connections;
    }

    /** The topic of a cluster's chat frames. */
    public static String topic(String topicPrefix) {
        return topicPrefix + ".chat-frames";
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!cluster.enabled()) {
            return;
        }
        String servers = cluster.config().bootstrapServers().orElseThrow();
        String topic = topic(cluster.config().topicPrefix());
        reader = TopicReader.start(servers, topic, "switchboard-chat-frames-" + cluster.instanceId(),
                record -> connections.sendHere(Long.parseLong(record.key()), record.value()));
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "switchboard-chat-frames-" + cluster.instanceId());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A send waits for the topic's metadata at most this long (on the event loop): a typing signal is not worth more.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        KafkaProducer<String, String> p = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        producer = p;
        connections.relay((interactionId, frame) -> {
            try {
                p.send(new ProducerRecord<>(topic, Long.toString(interactionId), frame), (metadata, e) -> {
                    if (e != null) {
                        LOG.warnf("Frame to chat %d not sent to the instances: %s", interactionId, e.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("Frame to chat %d not sent to the instances: %s", interactionId, e.getMessage());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        connections.relay(null);
        TopicReader r = reader;
        if (r != null) {
            r.close();
        }
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }
}
