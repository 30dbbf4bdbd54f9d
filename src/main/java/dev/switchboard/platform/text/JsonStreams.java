package dev.switchboard.platform.text;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * The one jackson-core factory behind the service's streaming JSON readers and writers (the routing journal's
 * changes, the touchpoint stream's payloads, imported JSON lines). A factory is thread-safe and keeps the symbol
 * tables its parsers share, so one serves them all.
 */
public final class JsonStreams {

    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonStreams() {
    }
}
