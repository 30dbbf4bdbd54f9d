package dev.switchboard.touchpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads what observers of the stream need from an event's JSON without building a tree. */
public final class TouchpointPayloads {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The last event read on this thread and its interactionId: the publisher tells its observers of an event one
     * after another on one thread, and each of them (the agents' and the customers' sockets, the supervisors' feed,
     * the chats' ends) asks for it. Compared by identity: the same event's string, not an equal one.
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

    private TouchpointPayloads() {
    }

    /** The event's own interactionId (not one inside its data), or null. */
    public static Long interactionId(String payload) {
        Object[] last = LAST.get();
        if (last[0] == payload) {
            return (Long) last[1];
        }
        Long id = read(payload);
        last[0] = payload;
        last[1] = id;
        return id;
    }

    private static Long read(String payload) {
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
