package dev.switchboard.channel.email.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokens we put in subjects so a reply finds its thread even when the mail client dropped the
 * headers: {@code [#I-5678]} for an interaction and {@code [SR-1234]} for a service request.
 */
public final class SubjectTokens {

    private static final Pattern INTERACTION = Pattern.compile("\\[#I-(\\d{1,18})]", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVICE_REQUEST = Pattern.compile("\\[SR-(\\d{1,18})]", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "^\\s*((re|fw|fwd|aw|wg|sv|vs|antw|回复|答复|转发)\\s*(\\[\\d+])?\\s*[:：]\\s*)+", Pattern.CASE_INSENSITIVE);

    private SubjectTokens() {
    }

    /** The interaction id of the last {@code [#I-n]} token, or null. */
    public static Long interaction(String subject) {
        return last(INTERACTION, subject);
    }

    /** The service request id of the last {@code [SR-n]} token, or null. */
    public static Long serviceRequest(String subject) {
        return last(SERVICE_REQUEST, subject);
    }

    /** The subject of a reply: "Re: " and the original subject with our tokens put back at the end once. */
    public static String reply(String original, long interactionId, Long serviceRequestId) {
        String base = strip(original == null ? "" : original);
        return with("Re: " + (base.isEmpty() ? "(no subject)" : base), interactionId, serviceRequestId);
    }

    /** A subject carrying our tokens once, at the end. */
    public static String with(String subject, long interactionId, Long serviceRequestId) {
        String base = removeTokens(subject == null ? "" : subject);
        StringBuilder s = new StringBuilder(base);
        if (serviceRequestId != null) {
            s.append(" [SR-").append(serviceRequestId).append(']');
        }
        s.append(" [#I-").append(interactionId).append(']');
        return s.toString().strip();
    }

    /** The subject without reply prefixes and our tokens. */
    public static String strip(String subject) {
        return REPLY_PREFIX.matcher(removeTokens(subject)).replaceFirst("").strip();
    }

    private static String removeTokens(String subject) {
        String s = INTERACTION.matcher(subject).replaceAll("");
        return SERVICE_REQUEST.matcher(s).replaceAll("").replaceAll("\\s{2,}", " ").strip();
    }

    private static Long last(Pattern pattern, String subject) {
        if (subject == null) {
            return null;
        }
        Matcher m = pattern.matcher(subject);
        Long found = null;
        while (m.find()) {
            try {
                found = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                found = null;
            }
        }
        return found;
    }
}
