package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.ParsedMail;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the fields of a delivery status notification (RFC 3464) that say who failed and why. */
final class Dsn {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z-]+):[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)", Pattern.MULTILINE);

    private Dsn() {
    }

    static ParsedMail.Bounce bounce(String statusText, String originalMessageId) {
        String recipient = null;
        String action = null;
        String status = null;
        String diagnostic = null;
        if (statusText != null) {
            Matcher m = FIELD.matcher(statusText);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2).replaceAll("\\s+", " ").strip();
                switch (name) {
                    // The first recipient block is the one we report; mail to one customer has one.
                    case "final-recipient", "original-recipient" -> {
                        if (recipient == null || name.equals("final-recipient") && action == null) {
                            recipient = address(value);
                        }
                    }
                    case "action" -> action = action == null ? value.toLowerCase(Locale.ROOT) : action;
                    case "status" -> status = status == null ? value : status;
                    case "diagnostic-code" -> diagnostic = diagnostic == null ? value : diagnostic;
                    default -> { }
                }
            }
        }
        boolean failed = "failed".equals(action) || (action == null && status != null && status.startsWith("5"));
        if (diagnostic != null && diagnostic.length() > 400) {
            diagnostic = diagnostic.substring(0, 400);
        }
        return new ParsedMail.Bounce(recipient, failed, action, status, diagnostic, originalMessageId);
    }

    /** "rfc822; user@example.com" → "user@example.com". */
    private static String address(String value) {
        int semi = value.indexOf(';');
        String address = (semi >= 0 ? value.substring(semi + 1) : value).strip().replaceAll("^<|>$", "");
        return address.contains("@") ? address.toLowerCase(Locale.ROOT) : null;
    }
}
