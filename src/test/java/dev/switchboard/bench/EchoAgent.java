package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One agent of the chat benchmark on {@code /ws/agent}: accepts every offer, answers each
 * customer message of the benchmark ({@code MESSAGE_IN} whose text starts with
 * {@link ChatTally#PREFIX}) at once with the same text behind {@link ChatTally#ECHO}, and
 * finishes every wrap-up at once. It notes when each customer message arrived and when each echo
 * left, in the benchmark's own clock.
 */
final class EchoAgent extends JsonFrameListener {


    private final ChatTally tally;
    private final CompletableFuture<Void> stateSeen = new CompletableFuture<>();
    private WebSocket socket;
    /** The JDK socket takes one send at a time: each send waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private EchoAgent(ChatTally tally) {
        this.tally = tally;
    }

    /** Connects with the agent's bearer token, waits for its state frame and goes AVAILABLE. */
    static EchoAgent connect(HttpClient http, URI base, String token, ChatTally tally) {
        EchoAgent agent = new EchoAgent(tally);
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/agent");
        agent.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, agent).join();
        agent.stateSeen.orTimeout(30, TimeUnit.SECONDS).join();
        agent.send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}", null);
        return agent;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    @Override
    void unreadable(Exception e, String text) {
        tally.error("agent client: " + e.getClass().getSimpleName(), text);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        tally.error("agent socket: " + error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
        stateSeen.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!tally.closing) {
            tally.error("agent socket closed " + statusCode, reason);
        }
        stateSeen.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    void frame(JsonNode frame, String text, long now) {
        String type = frame.path("type").asText();
        tally.agentFrame(type.equals("touchpoint") ? "touchpoint " + frame.path("touchpoint").path("kind").asText() : type);
        switch (type) {
            case "state" -> stateSeen.complete(null);
            case "offer" -> send("{\"type\":\"accept\",\"interactionId\":" + frame.path("interactionId").asLong() + "}",
                    null);
            case "assigned" -> tally.assigned.incrementAndGet();
            case "wrap-up" -> send("{\"type\":\"wrap-up\",\"interactionId\":" + frame.path("interactionId").asLong()
                    + ",\"disposition\":\"done\"}", null);
            case "touchpoint" -> touchpoint(frame.path("touchpoint"), now);
            case "error" -> tally.error("agent error: " + frame.path("code").asText(), text);
            default -> {
                // ack, wrapped, agent-state, offer-ended, typing: counted only
            }
        }
    }

    private void touchpoint(JsonNode touchpoint, long now) {
        String content = touchpoint.path("content").asText("");
        if (!"MESSAGE_IN".equals(touchpoint.path("kind").asText()) || !content.startsWith(ChatTally.PREFIX)) {
            return;
        }
        tally.customerToAgent(content, now);
        String echo = ChatTally.ECHO + content;
        send("{\"type\":\"send\",\"interactionId\":" + touchpoint.path("interactionId").asLong() + ",\"text\":\""
                + echo + "\"}", content);
    }

    /** Queues a frame behind the ones before it; an echo notes the moment it actually left. */
    private synchronized void send(String text, String echoOf) {
        sending = sending.thenCompose(ignored -> {
            if (echoOf != null) {
                tally.echoSent(echoOf, System.nanoTime());
            }
            return socket.sendText(text, true);
        }).exceptionally(e -> {
            tally.error("agent send: " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            return null;
        });
    }
}
