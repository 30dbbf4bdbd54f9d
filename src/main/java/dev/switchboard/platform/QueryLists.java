package dev.switchboard.platform;

import dev.switchboard.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads query parameters that name enum values: repeated ({@code state=A&state=B}) or comma-separated, any case. */
public final class QueryLists {

    private QueryLists() {
    }

    /** The values named, or an empty set when none; an unknown name is a validation problem naming {@code field}. */
    public static <E extends Enum<E>> Set<E> enums(Class<E> type, List<String> raw, String field) {
        EnumSet<E> values = EnumSet.noneOf(type);
        if (raw == null) {
            return values;
        }
        for (String part : raw) {
            for (String name : part.split(",")) {
                String n = name.strip();
                if (!n.isEmpty()) {
                    values.add(one(type, n, field));
                }
            }
        }
        return values;
    }

    /** The value named, or null when none is; an unknown name is a validation problem naming {@code field}. */
    public static <E extends Enum<E>> E one(Class<E> type, String raw, String field) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "'" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw)
                    + "' is not one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
        }
    }
}
