package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One customer of the chat benchmark on its socket ({@code /ws/chat/{sessionId}}): says hello
 * with the session's token, then sends a message when told to ({@code m:<customer>-<n>}) and
 * notes its ack and the agent's echo of it.
 */
final class ChatCustomer extends ChatSocket {


    private final int index;
    private final ChatTally tally;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private int next;
    /** Set once this customer ends or closes its chat on purpose. */
    private volatile boolean leaving;

    private ChatCustomer(int index, ChatTally tally) {
        this.index = index;
        this.tally = tally;
    }

    /** Opens the chat's socket and says hello; completes when the server's welcome came. */
    static CompletableFuture<ChatCustomer> connect(WebSocketClient client, URI base, String socketPath, String token,
                                                   int index, ChatTally tally) {
        ChatCustomer customer = new ChatCustomer(index, tally);
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + socketPath);
        return customer.open(client, uri, Map.of()).toCompletionStage().toCompletableFuture()
                .thenCompose(v -> {
                    customer.send("{\"type\":\"hello\",\"token\":\"" + token + "\",\"after\":0}", null);
                    return customer.welcomed;
                }).thenApply(v -> customer);
    }

    /** Sends the next message of this customer. */
    void sendMessage() {
        String id = ChatTally.PREFIX + index + "-" + next++;
        send("{\"type\":\"message\",\"clientMessageId\":\"" + id + "\",\"text\":\"" + id + "\"}", id);
    }

    /** Ends the chat (the agent's wrap-up follows) and closes the socket. */
    void end() {
        leaving = true;
        send("{\"type\":\"end\"}", null);
    }

    void close() {
        leaving = true;
        closeSocket();
    }

    @Override
    void unreadable(Exception e, String text) {
        tally.error("customer client: " + e.getClass().getSimpleName(), text);
    }

    @Override
    void failed(Throwable error) {
        tally.error("customer socket: " + error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
        welcomed.completeExceptionally(error);
    }

    @Override
    void closed(int statusCode, String reason) {
        if (!tally.closing && !leaving) {
            tally.error("customer socket closed " + statusCode, reason);
        }
        welcomed.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
    }

    @Override
    void frame(JsonNode frame, String text, long now) {
        String type = frame.path("type").asText();
        String from = frame.path("from").asText("");
        tally.customerFrame(type.equals("message") ? "message from " + from : type);
        switch (type) {
            case "welcome" -> {
                tally.welcomed.incrementAndGet();
                welcomed.complete(null);
            }
            case "ack" -> tally.acked(frame.path("clientMessageId").asText(), now);
            case "message" -> {
                String body = frame.path("text").asText("");
                if (from.equals("agent") && body.startsWith(ChatTally.ECHO)) {
                    tally.agentToCustomer(body.substring(ChatTally.ECHO.length()), now);
                }
            }
            case "error" -> tally.error("customer error: " + frame.path("code").asText(), text);
            case "ended" -> {
                if (!tally.closing && !leaving) {
                    tally.error("chat ended: " + frame.path("reason").asText(), text);
                }
            }
            default -> {
                // agent-joined, typing: counted only
            }
        }
    }

    /** Writes a frame behind the ones before it; a message notes the moment it was handed to the socket. */
    private void send(String text, String messageId) {
        if (messageId != null) {
            tally.customerSent(messageId, System.nanoTime());
        }
        write(text, e -> tally.error("customer send: " + e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
    }
}
