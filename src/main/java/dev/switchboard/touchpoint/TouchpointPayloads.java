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
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("interactionId".equals(field)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
