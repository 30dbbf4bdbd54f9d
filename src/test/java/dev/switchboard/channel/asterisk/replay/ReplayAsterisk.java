package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The AMI port the service's link connects to in the replay tests. It logs the service in as Asterisk 22
 * does and then only says what a replayed recording says: events go to the logged-in sessions, and the
 * service's actions wait in a queue for the replay that expects them.
 */
final class ReplayAsterisk implements AutoCloseable {

    private final String username;
    private final String secret;
    private final List<ReplaySession> sessions = new CopyOnWriteArrayList<>();
    private final BlockingQueue<ReplaySession.Received> received = new LinkedBlockingQueue<>();
    /** Actions the running replay takes from the service itself although NotRecordedReplies could answer them. */
    private final Set<String> replayed = ConcurrentHashMap.newKeySet();
    private volatile int logins;
    private volatile int reconciles;
    private volatile boolean booted = true;
    private volatile ServerSocket server;
    private volatile int port;

    ReplayAsterisk(String username, String secret) {
        this.username = username;
        this.secret = secret;
    }

    ReplayAsterisk start(int wantedPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort));
        server = socket;
        port = socket.getLocalPort();
        Thread acceptor = new Thread(() -> accept(socket), "replay-ami-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                ReplaySession session = new ReplaySession(client, username, secret, replayed, this::received,
                        this::answered, () -> booted);
                sessions.add(session);
                Thread reader = new Thread(session, "replay-ami-session-" + client.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answered(String action) {
        if (action.equals("login")) {
            logins++;
        } else if (action.equals("coreshowchannels")) {
            reconciles++;
        }
    }

    /**
     * NOT RECORDED: a fresh Asterisk with no calls for each test. The connection drops; the service logs in
     * again and its reconcile (CoreShowChannels: none) ends whatever an earlier replay left going.
     */
    void freshStart(Duration timeout) throws InterruptedException {
        int before = reconciles;
        // A replay that failed midway may have left its recorded lists (09) to itself: answer them here again.
        replayed.clear();
        dropConnections();
        long end = System.nanoTime() + timeout.toNanos();
        while (reconciles <= before) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the service did not log in and reconcile again");
            }
            Thread.sleep(20);
        }
        received.clear();
    }

    private void received(ReplaySession.Received action) {
        received.add(action);
    }

    int port() {
        return port;
    }

    /** How many logins the service made so far (each reconnect is one). */
    int logins() {
        return logins;
    }

    /** Waits until the service is logged in. */
    void awaitLogin(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (sessions.stream().noneMatch(ReplaySession::authenticated)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the service's AMI link did not log in to the replay on port " + port);
            }
            Thread.sleep(20);
        }
    }

    void broadcast(AmiFrame event) {
        if ("FullyBooted".equals(event.get("Event"))) {
            booted = true;
        }
        for (ReplaySession s : sessions) {
            if (s.authenticated()) {
                try {
                    s.send(event);
                } catch (IOException e) {
                    sessions.remove(s);
                }
            }
        }
    }

    /** The next action the service sent that no reply here answers, or null after the timeout. */
    ReplaySession.Received nextAction(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Actions sent and not (yet) taken by a replay; draining them. */
    List<AmiFrame> drainActions() {
        List<ReplaySession.Received> left = new java.util.ArrayList<>();
        received.drainTo(left);
        return left.stream().map(ReplaySession.Received::action).toList();
    }

    /** The replay answers these from the recording rather than with the not-recorded replies. */
    void replaying(Set<String> actions) {
        replayed.clear();
        actions.forEach(a -> replayed.add(a.toLowerCase()));
    }

    void stopReplaying(String action) {
        replayed.remove(action.toLowerCase());
    }

    /** Asterisk goes away: every connection closed (the link reconnects with backoff). */
    void dropConnections() {
        sessions.forEach(ReplaySession::close);
        sessions.clear();
    }

    /**
     * Recorded (11): after {@code core restart now} Asterisk closes every connection, refuses the port for
     * about 0.75 s, and accepts logins before it is fully booted.
     */
    void restart(Duration refused) throws IOException, InterruptedException {
        booted = false;
        server.close();
        dropConnections();
        Thread.sleep(refused.toMillis());
        start(port);
    }

    @Override
    public void close() throws IOException {
        dropConnections();
        server.close();
    }
}
