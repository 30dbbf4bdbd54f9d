package dev.switchboard.channel.api;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.interaction.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends replies on API-channel interactions to the integrating system's webhook. A 2xx answer is
 * SENT (the system reports delivery later through {@code POST /api/messages/{id}/status}); a 4xx
 * is a final refusal; a 5xx or no answer is tried again.
 */
@ApplicationScoped
public class WebhookSender implements ChannelSender {

    private final ApiChannelConfig config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WebhookSender(ApiChannelConfig config) {
        this.config = config;
    }

    @Override
    public Channel channel() {
        return Channel.API;
    }

    @Override
    public boolean enabled() {
        return config.webhookUrl().isPresent();
    }

    @Override
    public Uni<SendOutcome> send(OutboundMessage message) {
        JsonObject body = new JsonObject().put("messageId", message.touchpointId())
                .put("interactionId", message.interactionId()).put("customerId", message.customerId())
                .put("to", message.destination()).put("text", message.text()).put("attempt", message.attempt())
                .put("data", new JsonObject(message.data()));
        HttpRequest.Builder request = HttpRequest.newBuilder(config.webhookUrl().orElseThrow())
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "switchboard-message-" + message.touchpointId())
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        config.webhookAuthorization().ifPresent(a -> request.header("Authorization", a));
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return SendOutcome.sent(response.headers().firstValue("X-Message-Id").orElse(null));
                    }
                    String reason = "webhook answered " + status;
                    return status >= 400 && status < 500 && status != 408 && status != 429
                            ? SendOutcome.failed(reason) : SendOutcome.retry(reason);
                })
                .onFailure().recoverWithItem(e -> SendOutcome.retry("webhook unreachable: " + e));
    }
}
