package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An Events: on AMI connection that keeps every event frame it receives, like the transcripts' "AMI logger". */
final class EventRecorder implements AutoCloseable {

    private final RawAmiClient client;
    private final List<List<String>> events = new CopyOnWriteArrayList<>();

    EventRecorder(int port) throws IOException {
        client = new RawAmiClient(port);
        client.send(List.of("Action: Login", "ActionID: logger-login", "Username: ccapp", "Secret: ccapp-secret", "Events: on"));
        client.nextReply();
        Thread reader = new Thread(this::read, "ami-event-recorder");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            List<String> frame;
            while ((frame = client.next()) != null) {
                if (frame.get(0).startsWith("Event: ")) {
                    events.add(frame);
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    List<List<String>> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
