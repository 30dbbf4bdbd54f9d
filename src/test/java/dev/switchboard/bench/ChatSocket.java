package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.Map;

/**
 * A chat benchmark client's socket on a Vert.x (Netty) WebSocket client: each whole text message is read as JSON and
 * handed on with the time it arrived, on the socket's event loop, one at a time. Cheaper in CPU than the JDK's
 * {@code java.net.http.WebSocket} (which {@link JsonFrameListener} serves), so more of the two cores is left to the
 * service it measures. Frames are written in the order they are handed to {@link #write}.
 */
abstract class ChatSocket {

    static final ObjectMapper JSON = new ObjectMapper();

    private volatile WebSocket socket;
    /** The last frame read, for the report of an unexpected close. */
    private volatile String last;

    /** A whole frame, read; {@code arrived} is its System.nanoTime. */
    abstract void frame(JsonNode frame, String text, long arrived);

    /** A frame that could not be read or handled. */
    abstract void unreadable(Exception e, String text);

    /** The socket failed. */
    abstract void failed(Throwable error);

    /** The socket closed, by either side. */
    abstract void closed(int statusCode, String reason);

    /**
     * Connects to {@code uri} (ws://host:port/path) with the given headers; completes once open. No request timeout
     * is set on the options: with one (10 s), one agent socket in each run was closed (1000, no reason) about that
     * long after it opened; the client's connect timeout bounds the TCP connection instead.
     */
    final Future<Void> open(WebSocketClient client, URI uri, Map<String, String> headers) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath());
        headers.forEach(options::putHeader);
        Promise<Void> opened = Promise.promise();
        // The handlers are set in the connect callback, on the socket's event loop, before it reads a frame.
        client.connect(options, result -> {
            if (result.failed()) {
                opened.fail(result.cause());
                return;
            }
            WebSocket ws = result.result();
            socket = ws;
            ws.textMessageHandler(this::text);
            ws.exceptionHandler(this::failed);
            ws.closeHandler(v -> closed(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode(), ws.closeReason()));
            opened.complete();
        });
        return opened.future();
    }

    /** The last text frame this socket read, or null. */
    final String lastFrame() {
        return last;
    }

    private void text(String text) {
        long now = System.nanoTime();
        last = text;
        try {
            frame(JSON.readTree(text), text, now);
        } catch (Exception e) {
            unreadable(e, text);
        }
    }

    /** Writes a text frame behind those written before it; a failure is reported to {@code onFailure}. */
    final void write(String text, java.util.function.Consumer<Throwable> onFailure) {
        socket.writeTextMessage(text).onFailure(onFailure::accept);
    }

    final void closeSocket() {
        WebSocket ws = socket;
        if (ws != null && !ws.isClosed()) {
            ws.close((short) 1000, "done");
        }
    }
}
