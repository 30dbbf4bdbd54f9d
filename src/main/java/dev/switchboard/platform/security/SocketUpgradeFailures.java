package dev.switchboard.platform.security;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A socket upgrade refused for a bad token is answered 401 by the WebSocket layer, and the same
 * authentication failure then reaches the REST failure handler, which finds the answer written and
 * logged an ERROR with a stack for every such request: anyone could flood the log. Here the failure
 * ends once answered, with one WARN line a minute at most (counting the ones in between).
 */
@ApplicationScoped
public class SocketUpgradeFailures {

    private static final Logger LOG = Logger.getLogger(SocketUpgradeFailures.class);
    private static final long INTERVAL = Duration.ofMinutes(1).toNanos();

    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - INTERVAL);
    private final AtomicLong quiet = new AtomicLong();

    void register(@Observes Router router) {
        // Before every other failure handler, for the socket paths only.
        router.route("/ws/*").order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void failed(RoutingContext context) {
        if (!context.response().headWritten()) {
            context.next();
            return;
        }
        refused(context);
    }

    private void refused(RoutingContext context) {
        long now = System.nanoTime();
        long last = lastWarned.get();
        String address = context.request().remoteAddress() == null ? "?" : context.request().remoteAddress().hostAddress();
        Throwable cause = context.failure();
        String why = cause == null ? "status " + context.statusCode() : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (now - last >= INTERVAL && lastWarned.compareAndSet(last, now)) {
            long before = quiet.getAndSet(0);
            LOG.warnf("Refused socket upgrade %s from %s (%s, answered %d)%s", context.request().path(), address, why,
                    context.response().getStatusCode(),
                    before == 0 ? "" : "; " + before + " more refused since the last such line");
        } else {
            quiet.incrementAndGet();
            LOG.debugf("Refused socket upgrade %s from %s (%s)", context.request().path(), address, why);
        }
    }
}
