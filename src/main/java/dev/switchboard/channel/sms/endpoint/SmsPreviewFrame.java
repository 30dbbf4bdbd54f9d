package dev.switchboard.channel.sms.endpoint;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsPreview;
import dev.switchboard.routing.AgentFrameHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The agent socket's {@code sms-preview} frame: {@code {"type":"sms-preview","text":"...","ref":"p1"}}
 * is acked with the draft's encoding and parts, so a composer can show them while the agent types
 * without a REST round trip per keystroke.
 */
@ApplicationScoped
public class SmsPreviewFrame implements AgentFrameHandler {

    private final SmsConfig config;

    SmsPreviewFrame(SmsConfig config) {
        this.config = config;
    }

    @Override
    public Set<String> types() {
        return Set.of("sms-preview");
    }

    @Override
    public Uni<JsonObject> handle(AgentFrame frame) {
        if (!(frame.body().getValue("text") instanceof String text)) {
            throw new IllegalArgumentException("text is required and must be a string");
        }
        return Uni.createFrom().item(JsonObject.mapFrom(SmsPreview.of(text, config.maxSegments())));
    }
}
