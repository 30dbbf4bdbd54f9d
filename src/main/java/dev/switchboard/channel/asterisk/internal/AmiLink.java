package dev.switchboard.channel.asterisk.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.EventGeneratingAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.jboss.logging.Logger;

/**
 * One AMI connection that stays up: it logs in (MD5 challenge), hands every event to the listener as a
 * {@link CallEvent}, and after a failure or a drop reconnects with exponential backoff. asterisk-java's
 * own reconnect loop is stopped on each drop (it retries at a fixed pace) and a new connection is made.
 * The listener runs on asterisk-java's reader thread and must not block.
 */
public final class AmiLink {

    private static final Logger LOG = Logger.getLogger(AmiLink.class);

    /** Where the link stands. */
    public enum State { STOPPED, CONNECTING, CONNECTED, DISCONNECTED, AUTH_FAILED }

    /** Hears the link; every method is called without blocking the AMI reader. */
    public interface Listener {
        void event(CallEvent event);

        /** Logged in (again): the time to reconcile. */
        void connected();

        void disconnected(String reason);
    }

    /** An action Asterisk refused or could not answer; {@code message} is Asterisk's own. */
    public static final class AmiException extends Exception {
        public AmiException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String host;
    private final int port;
    private final String username;
    private final String secret;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final long actionTimeoutMs;
    private final Listener listener;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ami-link");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();
    private volatile ManagerConnection connection;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile Instant since = Instant.now();
    private Duration backoff;
    private boolean outageLogged;

    public AmiLink(String host, int port, String username, String secret, Duration minBackoff, Duration maxBackoff,
                   Duration actionTimeout, Listener listener) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.secret = secret;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.actionTimeoutMs = actionTimeout.toMillis();
        this.listener = listener;
        this.backoff = minBackoff;
    }

    public void start() {
        scheduler.execute(() -> {
            if (state == State.STOPPED) {
                connect();
            }
        });
    }

    /** Logs off and stops reconnecting; waits briefly for the link thread. */
    public void stop() {
        scheduler.execute(() -> {
            generation.incrementAndGet();
            setState(State.STOPPED, null);
            close(connection);
            connection = null;
        });
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public State state() {
        return state;
    }

    /** Why the link is not connected (Asterisk's or the network's words), or null. */
    public String lastError() {
        return lastError;
    }

    /** When the link entered its state. */
    public Instant since() {
        return since;
    }

    /** Sends an action and waits for its response; call from a worker thread, never an event loop. */
    public ManagerResponse send(ManagerAction action) throws AmiException {
        ManagerConnection c = live();
        try {
            ManagerResponse response = c.sendAction(action, actionTimeoutMs);
            if (response instanceof ManagerError error) {
                throw new AmiException(error.getMessage(), null);
            }
            return response;
        } catch (IOException | org.asteriskjava.manager.TimeoutException | IllegalStateException e) {
            throw new AmiException(action.getAction() + " failed: " + e.getMessage(), e);
        }
    }

    /** Sends a list action and collects its events; call from a worker thread. */
    public Collection<ResponseEvent> list(EventGeneratingAction action) throws AmiException {
        ManagerConnection c = live();
        try {
            ResponseEvents events = c.sendEventGeneratingAction(action, actionTimeoutMs);
            if (events.getResponse() instanceof ManagerError error) {
                throw new AmiException(error.getMessage(), null);
            }
            return events.getEvents();
        } catch (IOException | org.asteriskjava.manager.EventTimeoutException | IllegalStateException e) {
            throw new AmiException(action.getAction() + " failed: " + e.getMessage(), e);
        }
    }

    private ManagerConnection live() throws AmiException {
        ManagerConnection c = connection;
        if (c == null || state != State.CONNECTED || c.getState() != ManagerConnectionState.CONNECTED) {
            throw new AmiException("Asterisk is not connected" + (lastError == null ? "" : ": " + lastError), null);
        }
        return c;
    }

    private void connect() {
        if (state == State.STOPPED && connection != null) {
            return;
        }
        long gen = generation.incrementAndGet();
        setState(State.CONNECTING, lastError);
        ManagerConnection c = new ManagerConnectionFactory(host, port, username, secret).createManagerConnection();
        AmiEventClasses.register(c);
        c.addEventListener(event -> onEvent(gen, event));
        try {
            c.login("on");
            if (generation.get() != gen) {
                close(c);
                return;
            }
            connection = c;
            backoff = minBackoff;
            if (outageLogged) {
                LOG.infof("Asterisk AMI %s:%d: connected again", host, port);
            } else {
                LOG.infof("Asterisk AMI %s:%d: connected", host, port);
            }
            outageLogged = false;
            setState(State.CONNECTED, null);
            listener.connected();
        } catch (AuthenticationFailedException e) {
            close(c);
            fail(State.AUTH_FAILED, "authentication failed for AMI user " + username);
            backoff = maxBackoff;
            retry();
        } catch (IOException | org.asteriskjava.manager.TimeoutException | RuntimeException e) {
            close(c);
            fail(State.DISCONNECTED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            retry();
        }
    }

    private void onEvent(long gen, ManagerEvent event) {
        if (generation.get() != gen) {
            return;
        }
        if (event instanceof DisconnectEvent) {
            // asterisk-java now starts its own reconnect loop on its reader thread; stop it and make a new one.
            scheduler.execute(() -> {
                if (generation.get() != gen || state == State.STOPPED) {
                    return;
                }
                generation.incrementAndGet();
                ManagerConnection dropped = connection;
                connection = null;
                close(dropped);
                fail(State.DISCONNECTED, "connection lost");
                listener.disconnected("connection lost");
                retry();
            });
            return;
        }
        CallEvent mapped = AmiEvents.map(event);
        if (mapped != null) {
            listener.event(mapped);
        }
    }

    private void retry() {
        if (state == State.STOPPED || scheduler.isShutdown()) {
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(State newState, String reason) {
        if (!outageLogged) {
            LOG.warnf("Asterisk AMI %s:%d: %s; retrying with backoff up to %s", host, port, reason, maxBackoff);
            outageLogged = true;
        } else {
            LOG.debugf("Asterisk AMI %s:%d: still down: %s", host, port, reason);
        }
        setState(newState, reason);
    }

    private void setState(State newState, String error) {
        if (state != newState) {
            since = Instant.now();
        }
        state = newState;
        lastError = error;
    }

    private static void close(ManagerConnection c) {
        if (c == null) {
            return;
        }
        try {
            if (c.getState() == ManagerConnectionState.CONNECTED || c.getState() == ManagerConnectionState.RECONNECTING) {
                c.logoff();
            }
        } catch (RuntimeException e) {
            LOG.debugf("AMI logoff: %s", e.getMessage());
        }
    }
}
