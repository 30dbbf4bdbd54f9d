package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AgiWords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asterisk's side of one recorded FastAGI session, played against the service's AGI server: the recorded
 * {@code agi_*} block (ids shifted, request URL the service's), then a reply to each command the service
 * sends until it closes the socket. The service's script asks other things than the lab's stand-in did,
 * so replies are built the way the recording shows them, from what the channel holds at that point.
 */
final class AgiExchange {

    /** A command the service sent and the reply it got. */
    record Sent(String command, String reply) {
    }

    private AgiExchange() {
    }

    /** Runs the session on the channel's state as the replayed frames left it; blocks until the service closes. */
    static List<Sent> run(List<String> environment, List<Recording.Exchange> recorded, int port,
                          ReplayedChannels channels) throws IOException {
        String channel = value(environment, "agi_channel");
        List<Sent> sent = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((String.join("\n", environment) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null) {
                if (command.isBlank()) {
                    continue;
                }
                String reply = reply(command, recorded, channel, channels);
                sent.add(new Sent(command, reply));
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        return sent;
    }

    static String reply(String command, List<Recording.Exchange> recorded, String channel,
                        ReplayedChannels channels) {
        List<String> words = List.of(AgiWords.split(command));
        String verb = String.join(" ", words.subList(0, Math.min(2, words.size()))).toUpperCase(Locale.ROOT);
        if (verb.equals("SET VARIABLE") && words.size() >= 4) {
            // Recorded form (01 line 368): SET VARIABLE answers 200 result=1.
            channels.set(channel, words.get(2), words.get(3));
            return "200 result=1";
        }
        if (verb.equals("GET VARIABLE") && words.size() >= 3) {
            // Recorded forms (01 lines 341, 418, 495): 200 result=1 (value), or 200 result=0 when unset.
            String value = channels.value(channel, words.get(2));
            return value == null ? "200 result=0" : "200 result=1 (" + value + ")";
        }
        if (verb.equals("GET FULL") && words.size() >= 4 && words.get(3).startsWith("${")) {
            String value = channels.value(channel, words.get(3).substring(2, words.get(3).length() - 1));
            return value == null ? "200 result=1" : "200 result=1 (" + value + ")";
        }
        for (Recording.Exchange e : recorded) {
            if (command.equals(e.command())) {
                return e.reply();
            }
        }
        // NOT RECORDED: any other command; this is the recorded reply to an unknown one (01 line 568).
        return "510 Invalid or unknown command";
    }

    private static String value(List<String> environment, String key) {
        return environment.stream().filter(l -> l.startsWith(key + ": ")).map(l -> l.substring(key.length() + 2))
                .findFirst().orElse(null);
    }
}
