package dev.switchboard.channel.email.internal;

import java.util.Base64;
import java.util.List;

/** Lenient base64: mail bodies often carry stray characters or a cut-off last group. */
final class Base64Lenient {
    private Base64Lenient() {
    }

    static byte[] decode(byte[] raw, String where, List<String> notes) {
        StringBuilder clean = new StringBuilder(raw.length);
        int garbage = 0;
        for (byte b : raw) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                clean.append(c);
            } else if (c != '=' && c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                garbage++;
            }
        }
        switch (clean.length() % 4) {
            case 1 -> {
                clean.setLength(clean.length() - 1);
                garbage++;
            }
            case 2 -> clean.append("==");
            case 3 -> clean.append('=');
            default -> { }
        }
        if (garbage > 0) {
            notes.add(where + ": " + garbage + " characters that are not base64 were skipped");
        }
        try {
            return Base64.getDecoder().decode(clean.toString());
        } catch (IllegalArgumentException e) {
            notes.add(where + ": base64 could not be decoded, kept as it came");
            return raw;
        }
    }
}
