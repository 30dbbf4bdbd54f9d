package dev.switchboard.platform.text;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.util.Map;

/**
 * The sockets' frames (the agent's and the customer's chat), read and written by Vert.x's own codec on jackson-core:
 * the application's codec (Quarkus's, through jackson-databind) builds a serializer or deserializer context for every
 * frame, and a socket carries several frames for every contact or message.
 */
public final class JsonFrames {

    private static final JacksonCodec CODEC = new JacksonCodec();

    private JsonFrames() {
    }

    /** The frame as a JSON object, or null when it is not one (or has anything after it). */
    public static JsonObject parse(String text) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = CODEC.fromString(text, Map.class);
            return new JsonObject(fields);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** The frame as the text sent; its values are JSON's own (strings, numbers, booleans, objects, arrays). */
    public static String text(JsonObject frame) {
        return CODEC.toString(frame, false);
    }
}
