package dev.switchboard.touchpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads what observers of the stream need from an event's JSON without building a tree. */
public final class TouchpointPayloads {

    private static final JsonFactory JSON = new JsonFactory();

    private TouchpointPayloads() {
    }

    /** The event's own interactionId (not one inside its data), or null. */
    public static Long interactionId(String payload) {
        return field(payload, "interactionId") instanceof Long id ? id : null;
    }

    /** One of the event's own text fields (its kind, its channel; not one inside its data), or null. */
    public static String text(String payload, String name) {
        return field(payload, name) instanceof String text ? text : null;
    }

    /** The value of a field of the event itself when it is an integer (a Long) or a string; otherwise null. */
    private static Object field(String payload, String name) {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? (Object) parser.getLongValue()
                            : value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
