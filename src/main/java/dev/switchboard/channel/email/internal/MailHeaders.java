package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.ParsedMail.MailAddress;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The top-level headers, each read on its own so one bad header costs only itself. */
final class MailHeaders {

    static final List<String> KEPT = List.of("Message-ID", "In-Reply-To", "References", "Date",
            "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond", "List-Id", "Return-Path",
            "X-Failed-Recipients", "Content-Type");
    private static final Pattern BARE_ADDRESS = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+\\.[^\\s<>\"(),;:]+");
    /** What can be a customer's address: one @, a dotted domain, no spaces (as the contact point rules say). */
    private static final Pattern USABLE = Pattern.compile("^[^@\\s\"()<>,;:]+@[^@\\s\"()<>,;:\\[\\]]+\\.[^@\\s\"()<>,;:\\[\\]]+$");
    /** RFC 5322 obs-route before an address: {@code @relay.example,@other.example:}. */
    private static final Pattern OBS_ROUTE = Pattern.compile("^(?:\\s*@[^,:@]*\\s*,?)+:");
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:+-]+)", Pattern.CASE_INSENSITIVE);

    final Map<String, String> kept = new LinkedHashMap<>();
    String messageId;
    String inReplyTo;
    List<String> references = List.of();
    MailAddress from;
    List<MailAddress> to = List.of();
    List<MailAddress> cc = List.of();
    String subject = "";
    OffsetDateTime date;

    MailHeaders(MimeMessage m, byte[] raw, List<String> notes) {
        for (String name : KEPT) {
            String value = header(m, name);
            if (value != null) {
                kept.put(name, value.length() > 2000 ? value.substring(0, 2000) : value);
            }
        }
        messageId = MailParser.firstId(kept.get("Message-ID"));
        if (messageId == null && kept.containsKey("Message-ID")) {
            notes.add("Message-ID \"" + kept.get("Message-ID") + "\" is not an id");
        }
        inReplyTo = MailParser.firstId(kept.get("In-Reply-To"));
        references = MailParser.allIds(kept.get("References"));
        from = first(addresses(m, "From", notes));
        for (String fallback : List.of("Sender", "Reply-To", "Return-Path")) {
            if (from == null) {
                from = first(addresses(m, fallback, notes));
                if (from != null) {
                    notes.add("no usable From: sender taken from " + fallback);
                }
            }
        }
        if (from == null) {
            notes.add("no sender address in From, Sender, Reply-To or Return-Path");
        }
        to = addresses(m, "To", notes);
        cc = addresses(m, "Cc", notes);
        subject(m, raw, notes);
        date(notes);
    }

    private void subject(MimeMessage m, byte[] raw, List<String> notes) {
        String value = header(m, "Subject");
        if (value == null) {
            notes.add("no Subject");
            return;
        }
        byte[] bytes = rawValue(raw, "Subject");
        if (bytes != null && Charsets.hasEightBit(bytes) && !Charsets.validUtf8(bytes)) {
            // Raw 8-bit headers are meant as UTF-8 (RFC 6532); older clients write their own charset (Big5, GBK,
            // Latin-1) there, which reads as U+FFFD. The charset the message names for its text is the best guess.
            Charset declared = Charsets.lookup(declaredCharset(m, raw));
            String decoded = declared == null || declared.equals(StandardCharsets.UTF_8) ? null : strict(bytes, declared);
            if (decoded != null) {
                value = decoded;
                notes.add("Subject is raw 8-bit text that is not UTF-8: read as " + declared.name()
                        + " (the charset the message names)");
            } else {
                notes.add("Subject is raw 8-bit text that is not UTF-8 and no charset the message names fits:"
                        + " the unreadable characters are shown as \uFFFD");
            }
        }
        try {
            subject = MimeUtility.decodeText(MimeUtility.unfold(value)).strip();
        } catch (IOException | RuntimeException e) {
            notes.add("Subject could not be decoded, kept as it came");
            subject = MimeUtility.unfold(value).strip();
        }
        subject = subject.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
        if (subject.length() > 900) {
            subject = subject.substring(0, 900);
        }
        if (subject.indexOf('\uFFFD') >= 0 && notes.stream().noneMatch(n -> n.startsWith("Subject"))) {
            notes.add("Subject has characters that could not be read (shown as \uFFFD)");
        }
    }

    private void date(List<String> notes) {
        String raw = kept.get("Date");
        if (raw == null) {
            notes.add("no Date");
            return;
        }
        date = MailDates.parse(raw);
        if (date == null) {
            notes.add("Date \"" + raw + "\" could not be read (not an RFC 5322 date); no date is recorded");
        }
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The charset of the message's Content-Type, else the first one any part names. */
    private static String declaredCharset(MimeMessage m, byte[] raw) {
        try {
            String type = m.getContentType();
            if (type != null) {
                String charset = new ContentType(type).getParameter("charset");
                if (charset != null) {
                    return charset;
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // fall through to the parts
        }
        Matcher found = CHARSET.matcher(new String(raw, 0, Math.min(raw.length, 65536), StandardCharsets.ISO_8859_1));
        return found.find() ? found.group(1) : null;
    }

    /** The bytes of the first top-level header with this name, unfolded; null when there is none. */
    static byte[] rawValue(byte[] raw, String name) {
        int i = 0;
        while (i < raw.length) {
            int end = lineEnd(raw, i);
            if (end == i || (end == i + 1 && raw[i] == '\r')) {
                return null;
            }
            if (startsWithName(raw, i, end, name)) {
                java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
                value.write(raw, i + name.length() + 1, trimmed(raw, end) - (i + name.length() + 1));
                int next = end + 1;
                while (next < raw.length && (raw[next] == ' ' || raw[next] == '\t')) {
                    int e = lineEnd(raw, next);
                    value.write(raw, next, trimmed(raw, e) - next);
                    next = e + 1;
                }
                return value.toByteArray();
            }
            i = end + 1;
        }
        return null;
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int j = from; j < raw.length; j++) {
            if (raw[j] == '\n') {
                return j;
            }
        }
        return raw.length;
    }

    private static int trimmed(byte[] raw, int end) {
        return end > 0 && end <= raw.length && raw[end - 1] == '\r' ? end - 1 : end;
    }

    private static boolean startsWithName(byte[] raw, int from, int end, String name) {
        if (end - from <= name.length() || raw[from + name.length()] != ':') {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (Character.toLowerCase((char) raw[from + k]) != Character.toLowerCase(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static List<MailAddress> addresses(MimeMessage m, String name, List<String> notes) {
        String raw = header(m, name);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<MailAddress> out = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try {
            // Non-strict: comments, obsolete routes and odd spacing are RFC 5322 too; what it lets through is
            // checked below, so garbage is named in a note rather than taken for an address.
            for (InternetAddress a : InternetAddress.parseHeader(raw, false)) {
                if (a.isGroup()) {
                    InternetAddress[] members = a.getGroup(false);
                    for (InternetAddress member : members == null ? new InternetAddress[0] : members) {
                        add(member, raw, out, unreadable);
                    }
                } else {
                    add(a, raw, out, unreadable);
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // Salvage anything that looks like an address
            Matcher found = BARE_ADDRESS.matcher(raw);
            while (found.find()) {
                out.add(new MailAddress(found.group().toLowerCase(Locale.ROOT), null));
            }
            notes.add(name + " \"" + raw + "\" is malformed" + (out.isEmpty() ? "" : ", addresses salvaged"));
            return out;
        }
        if (!unreadable.isEmpty()) {
            // RFC 5322 allows comments inside an address ("jdoe@machine(comment). example"), which the parser
            // above reads as a display name: read the header once more without them.
            List<MailAddress> again = new ArrayList<>();
            List<String> stillUnreadable = new ArrayList<>();
            try {
                for (InternetAddress a : InternetAddress.parseHeader(MailDates.withoutComments(raw), false)) {
                    add(a, raw, again, stillUnreadable);
                }
                if (stillUnreadable.isEmpty() && !again.isEmpty()) {
                    return again;
                }
            } catch (MessagingException | RuntimeException e) {
                // keep the first reading
            }
        }
        for (String bad : unreadable) {
            notes.add(name + ": \"" + bad + "\" is not a readable address" + (raw.strip().equals(bad) ? ""
                    : " (in \"" + raw + "\")") + "; it is not used");
        }
        return out;
    }

    private static void add(InternetAddress a, String raw, List<MailAddress> out, List<String> unreadable) {
        String address = a.getAddress();
        if (address == null || address.isBlank()) {
            if (a.getPersonal() != null && !a.getPersonal().isBlank()) {
                unreadable.add(a.getPersonal());
            }
            return;
        }
        String clean = MailDates.withoutComments(address);
        clean = OBS_ROUTE.matcher(clean.strip()).replaceFirst("");
        // obs-local-part and obs-domain allow white space around the dots and the @
        clean = clean.replaceAll("\\s*([.@])\\s*", "$1").strip().toLowerCase(Locale.ROOT);
        if (!USABLE.matcher(clean).matches() || clean.length() > 320) {
            unreadable.add(address);
            return;
        }
        String personal = a.getPersonal();
        // A comment in an unquoted display name is no part of it ("Pete(A nice chap)"); in a quoted one it is text.
        if (personal != null && !raw.contains("\"" + personal + "\"")) {
            personal = MailDates.withoutComments(personal).replaceAll("\\s+", " ").strip();
            if (personal.isEmpty()) {
                personal = null;
            }
        }
        out.add(new MailAddress(clean, personal));
    }

    private static MailAddress first(List<MailAddress> list) {
        return list.isEmpty() ? null : list.get(0);
    }
}
