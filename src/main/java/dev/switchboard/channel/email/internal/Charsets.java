package dev.switchboard.channel.email.internal;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns a body's bytes into text whatever charset it claims: mail in the wild names charsets Java
 * does not know, names none, or names the wrong one. Each guess leaves a note.
 */
final class Charsets {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Charsets() {
    }

    static String decode(byte[] bytes, String declared, String where, List<String> notes) {
        Charset charset = lookup(declared);
        boolean eightBit = hasEightBit(bytes);
        if (charset == null) {
            Charset guess = guess(bytes);
            if (declared != null && !declared.isBlank()) {
                notes.add(where + ": unknown charset \"" + declared + "\", read as " + guess.name());
            } else if (eightBit) {
                notes.add(where + ": no charset given for 8-bit text, read as " + guess.name());
            }
            return new String(bytes, guess);
        }
        if (!eightBit) {
            return new String(bytes, charset);
        }
        String name = charset.name().toLowerCase(Locale.ROOT);
        // Senders that label UTF-8 as ASCII or Latin-1 are the common case; valid UTF-8 with multi-byte
        // sequences is almost never meant as Latin-1.
        if (name.equals("us-ascii") || name.equals("iso-8859-1") || name.equals("windows-1252")) {
            if (validUtf8(bytes)) {
                notes.add(where + ": declared " + declared + " but the text is UTF-8, read as UTF-8");
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (name.equals("us-ascii")) {
                notes.add(where + ": declared us-ascii but has 8-bit bytes, read as windows-1252");
                return new String(bytes, WINDOWS_1252);
            }
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            Charset guess = guess(bytes);
            if (guess.equals(charset)) {
                notes.add(where + ": text is not valid " + charset.name() + ", bad bytes replaced");
                return new String(bytes, charset);
            }
            notes.add(where + ": text is not valid " + charset.name() + " as declared, read as " + guess.name());
            return new String(bytes, guess);
        }
    }

    /** The Java charset for a MIME charset name, or null when there is none. */
    static Charset lookup(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String name = declared.strip().replace("\"", "");
        try {
            return Charset.forName(MimeUtility.javaCharset(name));
        } catch (RuntimeException e) {
            // Common misspellings of the one charset everybody means
            String squashed = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return squashed.equals("utf8") ? StandardCharsets.UTF_8 : null;
        }
    }

    private static Charset guess(byte[] bytes) {
        return validUtf8(bytes) ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
