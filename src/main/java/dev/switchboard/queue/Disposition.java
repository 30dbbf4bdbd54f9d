package dev.switchboard.queue;

import dev.switchboard.platform.problem.ProblemException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An outcome an agent may give when it wraps up a contact of a queue: a stable code (what is stored
 * as the interaction's disposition) and optional labels per language for the console ({@code zh-CN}, {@code en}).
 */
public record Disposition(String code, Map<String, String> labels) {

    /** Letters, digits and {@code . _ : -}, starting with a letter or digit; the column holds 100 characters. */
    public static final String CODE_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    /** A language tag such as {@code en} or {@code zh-CN}. */
    public static final String LANGUAGE_PATTERN = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*";
    /** The longest disposition an interaction stores. */
    public static final int MAX_LENGTH = 100;

    private static final Pattern CODE = Pattern.compile(CODE_PATTERN);

    public Disposition {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static boolean isCode(String text) {
        return text != null && CODE.matcher(text).matches();
    }

    /**
     * Checks a disposition given at wrap-up against a queue's codes: with no codes any disposition
     * (or none) goes; with codes, a given disposition must be one of them (exactly, case included).
     * No disposition at all is accepted, as when the wrap-up time runs out.
     *
     * @throws ProblemException validation, naming the field {@code disposition}
     */
    public static void check(Collection<String> allowed, String given) {
        if (given != null && given.length() > MAX_LENGTH) {
            throw ProblemException.invalid("disposition", "must be at most " + MAX_LENGTH + " characters");
        }
        String refusal = refusal(allowed, given);
        if (refusal != null) {
            throw ProblemException.invalid("disposition", refusal);
        }
    }

    /** Why a queue with these codes refuses the disposition given (its length aside), or null when it takes it. */
    public static String refusal(Collection<String> allowed, String given) {
        if (given == null || allowed == null || allowed.isEmpty() || allowed.contains(given)) {
            return null;
        }
        return "'" + given + "' is not a disposition of this queue; use one of " + String.join(", ", allowed);
    }
}
