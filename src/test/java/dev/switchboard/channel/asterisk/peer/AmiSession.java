package dev.switchboard.channel.asterisk.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** One AMI connection: banner, frame reading, login state and the Events filter. */
final class AmiSession implements Runnable {

    private static final Logger LOG = Logger.getLogger(AmiSession.class);

    private final Socket socket;
    private final AmiPeer peer;
    private final AmiLogin login;
    private volatile boolean authenticated;
    private volatile boolean eventsOn;

    AmiSession(Socket socket, AmiPeer peer) {
        this.socket = socket;
        this.peer = peer;
        this.login = new AmiLogin(peer.username(), peer.secret());
    }

    @Override
    public void run() {
        try (socket) {
            writeRaw(AmiPeer.BANNER + "\r\n");
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    lines.add(line);
                    continue;
                }
                if (!lines.isEmpty()) {
                    AmiFrame action = AmiFrame.parse(lines);
                    lines.clear();
                    peer.recordAction(action);
                    if (!handle(action)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debugf("AMI session ended: %s", e.getMessage());
        } finally {
            peer.closed(this);
        }
    }

    /** Returns false when Asterisk would close the connection. */
    private boolean handle(AmiFrame action) throws IOException {
        String name = action.get("Action");
        if (name == null || name.isEmpty()) {
            send(AmiResponses.error(action, "Missing action in request"));
            return true;
        }
        switch (name.toLowerCase()) {
            case "challenge":
                send(login.challenge(action));
                return true;
            case "login":
                return login(action);
            case "logoff":
                send(AmiResponses.goodbye(action));
                return false;
            default:
                if (!authenticated) {
                    send(AmiResponses.error(action, "Permission denied"));
                    return true;
                }
                peer.actions().handle(this, name, action);
                return true;
        }
    }

    private boolean login(AmiFrame action) throws IOException {
        if (authenticated) {
            send(AmiResponses.success(action, "Already authenticated"));
            return true;
        }
        if (!login.accepts(action)) {
            pause(peer.authFailureDelayMillis());
            send(AmiResponses.error(action, "Authentication failed"));
            return false;
        }
        authenticated = true;
        eventsOn = !"off".equalsIgnoreCase(action.get("Events"));
        send(AmiResponses.success(action, "Authentication accepted"));
        if (eventsOn && peer.fullyBooted()) {
            send(AmiEvents.fullyBootedAtLogin(peer.uptimeSeconds(), peer.lastReloadSeconds()));
        }
        peer.broadcast(AmiSecurityEvents.successfulAuth(peer.username(), socket));
        return true;
    }

    void setEvents(boolean on) {
        eventsOn = on;
    }

    boolean eventsOn() {
        return authenticated && eventsOn;
    }

    void send(AmiFrame frame) throws IOException {
        writeRaw(frame.toWire());
    }

    /** Broadcast delivery: a dead connection is simply dropped. */
    void deliver(AmiFrame event) {
        try {
            send(event);
        } catch (IOException e) {
            close();
        }
    }

    private synchronized void writeRaw(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debugf("closing AMI session: %s", e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
