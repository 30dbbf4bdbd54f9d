package dev.switchboard.channel.chat.endpoint;

import dev.switchboard.channel.chat.ChatConfig;
import dev.switchboard.channel.chat.service.ChatService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Closes chats nobody wrote in for {@code idle-timeout} and tells their customers why. */
@ApplicationScoped
public class IdleChats {

    private static final Logger LOG = Logger.getLogger(IdleChats.class);

    private final ChatService chats;
    private final ChatConnections connections;
    private final ChatConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    IdleChats(ChatService chats, ChatConnections connections, ChatConfig config, Vertx vertx) {
        this.chats = chats;
        this.connections = connections;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.idleCheckInterval().toMillis(), id -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void check() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        chats.closeIdle().subscribe().with(closed -> {
            running.set(false);
            closed.forEach(s -> connections.send(s.interactionId(),
                    new JsonObject().put("type", "ended").put("reason", "idle")));
        }, e -> {
            running.set(false);
            LOG.errorf(e, "Closing idle chats failed; trying again in %s", config.idleCheckInterval());
        });
    }
}
