package dev.switchboard.channel.asterisk.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the app's FastAGI server: sends fixed commands to every connection, keeps the agi_* blocks. */
final class ScriptedAgiApp implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> commands;
    private final List<List<String>> environments = new CopyOnWriteArrayList<>();

    ScriptedAgiApp(String... commands) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.commands = List.of(commands);
        Thread acceptor = new Thread(this::serve, "scripted-agi-app");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "agi://127.0.0.1:" + server.getLocalPort() + "/inbound";
    }

    List<List<String>> environments() {
        return List.copyOf(environments);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                List<String> env = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    env.add(line);
                }
                environments.add(env);
                OutputStream out = socket.getOutputStream();
                for (String command : commands) {
                    out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    in.readLine();
                }
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
