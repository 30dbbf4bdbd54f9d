package dev.switchboard.touchpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.platform.text.JsonStreams;
import java.io.IOException;

/** Reads what observers of the stream need from an event's JSON without building a tree. */
public final class TouchpointPayloads {

    private TouchpointPayloads() {
    }

    /** The event's own interactionId (not one inside its data), or null. */
    public static Long interactionId(String payload) {
        return fields(payload, "interactionId")[0] instanceof Long id ? id : null;
    }

    /**
     * Some of the event's own text fields (its kind, its channel; not ones inside its data), read in one pass: the
     * value of each name, in order, or null where the event has no such text field.
     */
    public static String[] texts(String payload, String... names) {
        Object[] values = fields(payload, names);
        String[] texts = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            texts[i] = values[i] instanceof String text ? text : null;
        }
        return texts;
    }

    /**
     * The values of fields of the event itself where they are an integer (a Long) or a string; null for the others,
     * and for all of them when the payload is not a JSON object.
     */
    private static Object[] fields(String payload, String... names) {
        Object[] values = new Object[names.length];
        boolean[] read = new boolean[names.length];
        try (JsonParser parser = JsonStreams.FACTORY.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return values;
            }
            int found = 0;
            while (found < names.length && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                int i = indexOf(names, field);
                if (i >= 0 && !read[i]) {
                    read[i] = true;
                    found++;
                    values[i] = value == JsonToken.VALUE_NUMBER_INT ? (Object) parser.getLongValue()
                            : value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return values;
        } catch (IOException e) {
            return new Object[names.length];
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
