package dev.switchboard.platform.text;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NUL character (U+0000), which PostgreSQL cannot store in text or jsonb. API input that holds one
 * is refused; what a customer sent through a channel is kept with each NUL replaced by U+FFFD and a note.
 */
public final class NulCharacters {

    public static final char NUL = '\u0000';
    public static final char REPLACEMENT = '\uFFFD';
    /** What API input with a NUL is told. */
    public static final String NUL_MESSAGE = "must not contain a NUL character (U+0000)";

    private NulCharacters() {
    }

    public static boolean in(String text) {
        return text != null && text.indexOf(NUL) >= 0;
    }

    /** The text with every NUL replaced by U+FFFD; null stays null. */
    public static String replace(String text) {
        return in(text) ? text.replace(NUL, REPLACEMENT) : text;
    }

    /** The note recorded where NULs were replaced in these fields. */
    public static String note(List<String> fields) {
        return "NUL characters (U+0000) in " + String.join(", ", fields) + " were replaced by U+FFFD";
    }

    /** True when this string, or a string (or key) anywhere in these maps and lists, holds a NUL. */
    public static boolean inAny(Object value) {
        if (value instanceof String s) {
            return in(s);
        }
        if (value instanceof JsonObject o) {
            return inAny(o.getMap());
        }
        if (value instanceof JsonArray a) {
            return inAny(a.getList());
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (inAny(e.getKey()) || inAny(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof Iterable<?> list) {
            for (Object item : list) {
                if (inAny(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A copy of this string, map or list (and of the maps and lists in it) with every NUL replaced; other
     * values are returned as they are. Vert.x JSON objects and arrays come back as plain maps and lists.
     */
    public static Object replaceIn(Object value) {
        if (value instanceof String s) {
            return replace(s);
        }
        if (value instanceof JsonObject o) {
            return replaceIn(o.getMap());
        }
        if (value instanceof JsonArray a) {
            return replaceIn(a.getList());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(replace(String.valueOf(k)), replaceIn(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(replaceIn(item)));
            return copy;
        }
        return value;
    }

    /**
     * Adds a note to a touchpoint's data: to its {@code notes} list (kept, whether a list or a JSON array), or a
     * new one. Returns a new map; the given one (which may be immutable or null) is left as it is.
     */
    public static Map<String, Object> withNote(Map<String, Object> data, String note) {
        Map<String, Object> copy = data == null ? new LinkedHashMap<>() : new LinkedHashMap<>(data);
        List<Object> notes = new ArrayList<>();
        Object existing = copy.get("notes");
        if (existing instanceof JsonArray a) {
            notes.addAll(a.getList());
        } else if (existing instanceof List<?> l) {
            notes.addAll(l);
        } else if (existing != null) {
            notes.add(existing);
        }
        notes.add(note);
        copy.put("notes", notes);
        return copy;
    }
}
