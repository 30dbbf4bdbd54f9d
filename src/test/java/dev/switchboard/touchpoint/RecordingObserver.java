package dev.switchboard.touchpoint;

import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An observer for the tests: once armed, remembers each event it hears and the thread it heard it on. */
public abstract class RecordingObserver implements TouchpointObserver {

    /** An event heard: its id and the thread. */
    public record Heard(String eventId, String thread) {
    }

    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private volatile boolean armed;

    public void arm() {
        heard.clear();
        armed = true;
    }

    public List<Heard> heard() {
        return List.copyOf(heard);
    }

    @Override
    public void published(String payload, Long interactionId) {
        if (armed) {
            heard.add(new Heard(new JsonObject(payload).getString("eventId"), Thread.currentThread().getName()));
        }
    }
}
