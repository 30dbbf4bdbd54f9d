package dev.switchboard.channel.asterisk.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare AMI socket for byte-level checks: what the peer writes, frame by frame. */
final class RawAmiClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final String banner;

    RawAmiClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        banner = in.readLine();
    }

    String banner() {
        return banner;
    }

    void send(List<String> lines) throws IOException {
        socket.getOutputStream().write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The next frame's lines; null at EOF. */
    List<String> next() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return lines;
                }
                continue;
            }
            lines.add(line);
        }
        return lines.isEmpty() ? null : lines;
    }

    /**
     * The next Response or list event, skipping broadcast events (those have a "...,all" Privilege, even
     * when they carry an ActionID like OriginateResponse).
     */
    List<String> nextReply() throws IOException {
        List<String> frame;
        do {
            frame = next();
        } while (frame != null && frame.get(0).startsWith("Event:") && isBroadcast(frame));
        return frame;
    }

    private static boolean isBroadcast(List<String> frame) {
        return frame.stream().noneMatch(l -> l.startsWith("ActionID:"))
                || frame.stream().anyMatch(l -> l.startsWith("Privilege:") && l.endsWith(",all"));
    }

    /** The next broadcast event with this name. */
    List<String> nextEvent(String name) throws IOException {
        List<String> frame;
        do {
            frame = next();
        } while (frame != null && !frame.get(0).equals("Event: " + name));
        return frame;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
