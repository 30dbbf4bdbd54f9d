package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent of the chat benchmark on {@code /ws/agent}: accepts every offer, answers each
 * customer message of the benchmark ({@code MESSAGE_IN} whose text starts with
 * {@link ChatTally#PREFIX}) at once with the same text behind {@link ChatTally#ECHO}, and
 * finishes every wrap-up at once. It notes when each customer message arrived and when each echo
 * left, in the benchmark's own clock.
 */
final class EchoAgent extends ChatSocket {


    private final ChatTally tally;
    private final CompletableFuture<Void> stateSeen = new CompletableFuture<>();

    private EchoAgent(ChatTally tally) {
        this.tally = tally;
    }

    /** Connects with the agent's bearer token, waits for its state frame and goes AVAILABLE. */
    static EchoAgent connect(WebSocketClient client, URI base, String token, ChatTally tally) {
        EchoAgent agent = new EchoAgent(tally);
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/agent");
        agent.open(client, uri, Map.of("Authorization", "Bearer " + token)).toCompletionStage()
                .toCompletableFuture().join();
        agent.stateSeen.orTimeout(30, TimeUnit.SECONDS).join();
        agent.send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}", null);
        return agent;
    }

    void close() {
        closeSocket();
    }

    @Override
    void unreadable(Exception e, String text) {
        tally.error("agent client: " + e.getClass().getSimpleName(), text);
    }

    @Override
    void failed(Throwable error) {
        tally.error("agent socket: " + error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
        stateSeen.completeExceptionally(error);
    }

    @Override
    void closed(int statusCode, String reason) {
        if (!tally.closing) {
            tally.error("agent socket closed " + statusCode, reason + " at " + java.time.LocalTime.now()
                    + " after the frame " + lastFrame());
        }
        stateSeen.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
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

    /** Writes a frame behind the ones before it; an echo notes the moment it was handed to the socket. */
    private void send(String text, String echoOf) {
        if (echoOf != null) {
            tally.echoSent(echoOf, System.nanoTime());
        }
        write(text, e -> tally.error("agent send: " + e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
    }
}
