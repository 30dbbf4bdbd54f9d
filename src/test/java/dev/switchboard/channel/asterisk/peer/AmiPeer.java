package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * A protocol-level stand-in for Asterisk 22's manager interface (AMI) on a local TCP port.
 * Tests drive calls through {@link #calls()}; every event reaches the sessions that logged in with events on.
 */
public final class AmiPeer implements AutoCloseable {

    /** Asterisk 22 still announces manager protocol 11.0.0. */
    public static final String BANNER = "Asterisk Call Manager/11.0.0";

    private static final Logger LOG = Logger.getLogger(AmiPeer.class);

    private final String username;
    private final String secret;
    private final List<AmiSession> sessions = new CopyOnWriteArrayList<>();
    private final List<AmiFrame> actionsReceived = new CopyOnWriteArrayList<>();
    private final Map<String, String> globals = new ConcurrentHashMap<>();
    private final CallModel calls = new CallModel(this::broadcast);
    private final AmiActions actions = new AmiActions(this);
    private volatile ServerSocket server;
    private volatile int port;
    private volatile Instant started;
    private volatile boolean fullyBooted;
    private volatile long authFailureDelayMillis = 1000;
    private volatile Duration restartDowntime = Duration.ofMillis(750);

    public AmiPeer(String username, String secret) {
        this.username = username;
        this.secret = secret;
        calls.agi = new FastAgiPeer(this);
    }

    /** Listens on a free port of 127.0.0.1, fully booted. */
    public AmiPeer start() throws IOException {
        return start(0);
    }

    /** Listens on the given port of 127.0.0.1 (0: a free one), fully booted; the app's tests use a reserved port. */
    public AmiPeer start(int wantedPort) throws IOException {
        started = Instant.now();
        listen(wantedPort);
        fullyBooted = true;
        return this;
    }

    private void listen(int wantedPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort));
        server = socket;
        port = socket.getLocalPort();
        Thread acceptor = new Thread(() -> accept(socket), "ami-peer-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                AmiSession session = new AmiSession(client, this);
                sessions.add(session);
                Thread reader = new Thread(session, "ami-peer-session-" + client.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                LOG.debugf("AMI peer stopped accepting: %s", e.getMessage());
            }
        }
    }

    /**
     * "core restart now": Shutdown to every listener, connections dropped, the port refused for a
     * while, then a fresh Asterisk with no channels; FullyBooted is broadcast shortly after.
     */
    public void restart() {
        broadcast(AmiEvents.shutdown());
        closeAll();
        calls.clear();
        fullyBooted = false;
        Thread restarter = new Thread(this::comeBack, "ami-peer-restart");
        restarter.setDaemon(true);
        restarter.start();
    }

    private void comeBack() {
        try {
            Thread.sleep(restartDowntime.toMillis());
            started = Instant.now();
            listen(port);
            Thread.sleep(260);
            fullyBooted = true;
            broadcast(AmiEvents.fullyBootedBroadcast(0, 0));
        } catch (IOException e) {
            LOG.errorf(e, "AMI peer could not listen again on %d", port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A network drop: every AMI connection is cut (no Shutdown event), calls go on and their events during the
     * gap reach no one. The port stays open, so clients can reconnect at once.
     */
    public void dropConnections() {
        sessions.forEach(AmiSession::close);
        sessions.clear();
    }

    /** A longer outage: connections cut and the port refused for the given time; calls go on meanwhile. */
    public void dropConnections(Duration outage) {
        closeAll();
        Thread back = new Thread(() -> {
            try {
                Thread.sleep(outage.toMillis());
                listen(port);
            } catch (IOException e) {
                LOG.errorf(e, "AMI peer could not listen again on %d", port);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ami-peer-outage");
        back.setDaemon(true);
        back.start();
    }

    private void closeAll() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debugf("closing AMI peer: %s", e.getMessage());
        }
        sessions.forEach(AmiSession::close);
        sessions.clear();
    }

    void broadcast(AmiFrame event) {
        for (AmiSession session : sessions) {
            if (session.eventsOn()) {
                session.deliver(event);
            }
        }
    }

    void closed(AmiSession session) {
        sessions.remove(session);
    }

    void recordAction(AmiFrame action) {
        actionsReceived.add(action);
    }

    /** Every action frame the peer received, in order (for assertions on what the client sent). */
    public List<AmiFrame> actionsReceived() {
        return List.copyOf(actionsReceived);
    }

    public CallModel calls() {
        return calls;
    }

    Map<String, String> globals() {
        return globals;
    }

    AmiActions actions() {
        return actions;
    }

    public int port() {
        return port;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Asterisk waits about a second before refusing a login; tests may shorten it. */
    public AmiPeer authFailureDelay(Duration delay) {
        this.authFailureDelayMillis = delay.toMillis();
        return this;
    }

    public AmiPeer restartDowntime(Duration downtime) {
        this.restartDowntime = downtime;
        return this;
    }

    String username() {
        return username;
    }

    String secret() {
        return secret;
    }

    long authFailureDelayMillis() {
        return authFailureDelayMillis;
    }

    boolean fullyBooted() {
        return fullyBooted;
    }

    long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    long lastReloadSeconds() {
        return uptimeSeconds();
    }

    @Override
    public void close() {
        closeAll();
        calls.clear();
        calls.shutdown();
    }
}
