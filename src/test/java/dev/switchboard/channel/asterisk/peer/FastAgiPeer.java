package dev.switchboard.channel.asterisk.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays Asterisk's side of FastAGI: connects to the app's AGI server for a channel of the call model,
 * sends the agi_* environment, answers each command, and returns when the server closes the socket.
 */
public final class FastAgiPeer {

    private final AmiPeer ami;

    public FastAgiPeer(AmiPeer ami) {
        this.ami = ami;
    }

    /** One command and Asterisk's reply, as exchanged on the socket. */
    public record Exchange(String command, String reply) {
    }

    /** Runs AGI(request) on the channel; blocks until the script ends. Emits AGIExecStart/End on AMI. */
    public List<Exchange> run(String channelName, String request, String... args) throws IOException {
        PeerChannel c = ami.calls().find(channelName);
        if (c == null) {
            throw new IllegalArgumentException("no such channel " + channelName);
        }
        URI uri = URI.create(request);
        List<Exchange> exchanges = new ArrayList<>();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 4573 : uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(AgiEnvironment.block(c, request, List.of(args)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null) {
                if (command.isEmpty()) {
                    continue;
                }
                String reply = execute(c, command);
                exchanges.add(new Exchange(command, reply));
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        return exchanges;
    }

    private String execute(PeerChannel c, String command) {
        String commandId = Integer.toString(ThreadLocalRandom.current().nextInt(100_000_000, Integer.MAX_VALUE));
        ami.broadcast(AmiEvents.channel("AGIExecStart", "agi,all", c).add("CommandId", commandId).add("Command", command));
        String reply = AgiCommands.execute(c, command, ami.globals());
        if (command.toUpperCase().startsWith("SET VARIABLE") && reply.startsWith("200")) {
            String[] words = AgiWords.split(command);
            ami.broadcast(AmiEvents.varSet(c, words[2], words[3]));
        }
        int code = Integer.parseInt(reply.substring(0, 3));
        ami.broadcast(AmiEvents.channel("AGIExecEnd", "agi,all", c).add("CommandId", commandId).add("Command", command)
                .add("ResultCode", Integer.toString(code))
                .add("Result", code == 200 ? "Success" : reply.substring(4)));
        return reply;
    }
}
