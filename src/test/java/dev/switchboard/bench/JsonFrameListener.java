package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * A benchmark client's socket listener: puts each text frame back together from its parts, reads
 * it as JSON and hands it on with the time it arrived, one frame at a time.
 */
abstract class JsonFrameListener implements WebSocket.Listener {

    static final ObjectMapper JSON = new ObjectMapper();

    private final StringBuilder partial = new StringBuilder();

    /** A whole frame, read; {@code arrived} is its System.nanoTime. */
    abstract void frame(JsonNode frame, String text, long arrived);

    /** A frame that could not be read or handled. */
    abstract void unreadable(Exception e, String text);

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                frame(JSON.readTree(text), text, now);
            } catch (Exception e) {
                unreadable(e, text);
            }
        }
        webSocket.request(1);
        return null;
    }
}
