package dev.switchboard.channel.chat.endpoint;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the customer's widget is told of its chat, built from a touchpoint (live from the stream,
 * or replayed on resume): messages both ways, an agent joining, a transfer, the end. Internal
 * touchpoints (offers, notes, routing decisions) are never shown; neither are agents' user names.
 */
final class ChatFrames {

    private ChatFrames() {
    }

    /** The frame for a touchpoint, or null when the customer does not see it. */
    static JsonObject of(int seq, String kind, String content, String employee, String result, JsonObject data,
                         String at) {
        JsonObject frame = new JsonObject().put("seq", seq).put("at", at);
        return switch (kind) {
            case "MESSAGE_IN" -> message(frame, "customer", content, data)
                    .put("clientMessageId", data == null ? null : data.getString("clientMessageId"));
            case "MESSAGE_OUT" -> message(frame, "agent", content, data);
            case "ACCEPTED" -> frame.put("type", "agent-joined").put("agent", employee);
            case "TRANSFERRED" -> frame.put("type", "transferred");
            case "ENDED" -> frame.put("type", "ended").put("reason", result == null ? "ended" : result);
            case "ABANDONED" -> frame.put("type", "ended").put("reason", "left");
            default -> null;
        };
    }

    /** The frame for a touchpoint event of the stream, or null. */
    static JsonObject of(JsonObject event) {
        Integer seq = event.getInteger("seq");
        return seq == null ? null : of(seq, event.getString("kind"), event.getString("content"),
                event.getString("employee"), event.getString("result"), event.getJsonObject("data"),
                event.getString("occurredAt"));
    }

    private static JsonObject message(JsonObject frame, String from, String text, JsonObject data) {
        frame.put("type", "message").put("from", from).put("text", text);
        JsonArray files = data == null ? null : data.getJsonArray("attachments");
        if (files != null) {
            JsonArray shown = new JsonArray();
            files.forEach(f -> {
                JsonObject a = (JsonObject) f;
                shown.add(new JsonObject().put("filename", a.getString("filename"))
                        .put("contentType", a.getString("contentType")).put("size", a.getLong("size"))
                        .put("sha256", a.getString("sha256")));
            });
            frame.put("attachments", shown);
        }
        return frame;
    }

    static JsonObject error(String code, String detail, String clientMessageId) {
        return new JsonObject().put("type", "error").put("code", code).put("detail", detail)
                .put("clientMessageId", clientMessageId);
    }
}
