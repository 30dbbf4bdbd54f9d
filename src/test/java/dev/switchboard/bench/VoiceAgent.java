package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent with a softphone, on its socket ({@code /ws/agent}), for the offer benchmark: its phone
 * (the peer's device) answers by itself, which is the accept; when the call ends it wraps up at
 * once. Every frame it gets goes to the benchmark's queue with the time it arrived.
 */
final class VoiceAgent extends JsonFrameListener {

    /** A frame an agent received: its type, the interaction it is about (0: none) and when it arrived. */
    record Frame(VoiceAgent agent, String type, long interactionId, long arrived, JsonNode body) {
    }

    private final long agentId;
    private final String endpoint;
    private final BlockingQueue<Frame> frames;
    private final AtomicLong errors;
    private final CompletableFuture<Void> available = new CompletableFuture<>();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    volatile String firstError;

    private VoiceAgent(long agentId, String endpoint, BlockingQueue<Frame> frames, AtomicLong errors) {
        this.agentId = agentId;
        this.endpoint = endpoint;
        this.frames = frames;
        this.errors = errors;
    }

    /** Connects with the agent's token and signs in AVAILABLE; returns once the service says so. */
    static VoiceAgent signIn(HttpClient http, URI base, String token, long agentId, String endpoint,
                             BlockingQueue<Frame> frames, AtomicLong errors) {
        VoiceAgent agent = new VoiceAgent(agentId, endpoint, frames, errors);
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/agent");
        agent.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, agent).join();
        agent.send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}");
        agent.available.orTimeout(30, TimeUnit.SECONDS).join();
        return agent;
    }

    String endpoint() {
        return endpoint;
    }

    long agentId() {
        return agentId;
    }

    /** Hands the call to another agent through routing (a blind transfer); returns when the frame was queued. */
    long transfer(long interactionId, long toAgentId) {
        long now = System.nanoTime();
        send("{\"type\":\"transfer\",\"interactionId\":" + interactionId + ",\"agentId\":" + toAgentId + "}");
        return now;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    @Override
    void frame(JsonNode frame, String text, long arrived) {
        String type = frame.path("type").asText();
        long interaction = frame.path("interactionId").asLong(0);
        switch (type) {
            case "agent-state" -> {
                if ("AVAILABLE".equals(frame.path("state").asText())) {
                    available.complete(null);
                } else if ("PAUSED".equals(frame.path("state").asText())) {
                    // Missed offers pause an agent; the run counts it as an error and makes it available again.
                    error("paused: " + text);
                    send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}");
                }
            }
            // The call ended (the caller hung up): wrap-up time 0, the agent is ready for the next one.
            case "wrap-up" -> send("{\"type\":\"wrap-up\",\"interactionId\":" + interaction
                    + ",\"disposition\":\"answered\"}");
            case "error" -> error(text);
            case "offer-ended" -> error("offer-ended: " + text);
            default -> {
                // state, offer, assigned, wrapped, touchpoint, ack: only queued
            }
        }
        frames.add(new Frame(this, type, interaction, arrived, frame));
    }

    private void error(String text) {
        errors.incrementAndGet();
        if (firstError == null) {
            firstError = endpoint + ": " + text;
        }
    }

    @Override
    void unreadable(Exception e, String text) {
        error("unreadable " + e + ": " + text);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        error("socket " + error);
        available.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        available.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    /** The JDK socket takes one send at a time: each send waits for the one before. */
    private synchronized void send(String text) {
        sending = sending.thenCompose(ignored -> socket.sendText(text, true)).exceptionally(e -> {
            error("send " + e);
            return null;
        });
    }
}
