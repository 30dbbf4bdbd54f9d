package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One AMI connection of the service to the replaying Asterisk: the banner, the login, and every other
 * action handed on, either to the replay that waits for it or to the not-recorded replies.
 */
final class ReplaySession implements Runnable {

    /** An action the service sent on this session. */
    record Received(ReplaySession session, AmiFrame action) {
    }

    private final Socket socket;
    private final String username;
    private final String secret;
    private final Consumer<Received> actions;
    private final Set<String> replayed;
    /** Told the name of each action answered here (logins, reconcile lists). */
    private final Consumer<String> answered;
    private final java.util.function.BooleanSupplier booted;
    private final String challenge = NotRecordedReplies.newChallenge();
    private volatile boolean authenticated;

    ReplaySession(Socket socket, String username, String secret, Set<String> replayed, Consumer<Received> actions,
                  Consumer<String> answered, java.util.function.BooleanSupplier booted) {
        this.socket = socket;
        this.username = username;
        this.secret = secret;
        this.replayed = replayed;
        this.actions = actions;
        this.answered = answered;
        this.booted = booted;
    }

    @Override
    public void run() {
        try (socket) {
            // The banner is one CRLF-terminated line with no blank line after it.
            write("Asterisk Call Manager/11.0.0\r\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    lines.add(line);
                } else if (!lines.isEmpty()) {
                    AmiFrame action = AmiFrame.parse(lines);
                    lines.clear();
                    if (!handle(action)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the service or the test closed the connection
        }
    }

    private boolean handle(AmiFrame action) throws IOException {
        String name = action.get("Action");
        if (name == null) {
            return true;
        }
        boolean login = name.equalsIgnoreCase("login");
        if (login && !accepts(action)) {
            // Recorded (12): a wrong secret is refused, then the socket is closed.
            send(AmiFrame.of("Response", "Error").add("ActionID", action.get("ActionID"))
                    .add("Message", "Authentication failed"));
            return false;
        }
        if (NotRecordedReplies.handles(name) && !replayed.contains(name.toLowerCase())) {
            for (AmiFrame reply : NotRecordedReplies.reply(action, challenge)) {
                // Recorded (11): a login while Asterisk still boots gets no FullyBooted; the broadcast follows.
                if (booted.getAsBoolean() || !"FullyBooted".equals(reply.get("Event"))) {
                    send(reply);
                }
            }
            if (login) {
                authenticated = true;
            }
            answered.accept(name.toLowerCase());
            return !name.equalsIgnoreCase("logoff");
        }
        actions.accept(new Received(this, action));
        return true;
    }

    private boolean accepts(AmiFrame login) {
        if (!username.equals(login.get("Username"))) {
            return false;
        }
        if ("md5".equalsIgnoreCase(login.get("AuthType"))) {
            return md5(challenge + secret).equalsIgnoreCase(login.get("Key"));
        }
        return secret.equals(login.get("Secret"));
    }

    boolean authenticated() {
        return authenticated && !socket.isClosed();
    }

    /** Sends a frame as Asterisk does: CRLF after each line and after the frame. */
    void send(AmiFrame frame) throws IOException {
        write(frame.toWire());
    }

    private synchronized void write(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
