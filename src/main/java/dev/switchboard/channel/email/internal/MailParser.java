package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.ParsedMail;
import dev.switchboard.channel.email.ParsedMail.Automatic;
import dev.switchboard.channel.email.ParsedMail.MailAddress;
import dev.switchboard.channel.email.ParsedMail.MailPart;
import dev.switchboard.platform.text.NulCharacters;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw RFC 5322 message into a {@link ParsedMail}. It never throws: whatever cannot be read
 * (a charset, a boundary, a header, a base64 body) is read as far as possible and named in the notes.
 */
public final class MailParser {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final Pattern BOUNCE_SENDER = Pattern.compile("^(mailer-daemon|postmaster)@", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|delivery status notification|delivery failure|returned mail|failure notice|mail delivery failed",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_DEPTH = 20;
    private static final int MAX_REFERENCES = 100;
    private static final int MAX_ID_LENGTH = 900;

    private final Session session;
    private final long maxAttachmentBytes;

    public MailParser(long maxAttachmentBytes) {
        Properties props = new Properties();
        // 8-bit (UTF-8) header values are common; without this they would be read as Latin-1.
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        this.session = Session.getInstance(props);
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /**
     * Parses one message.
     *
     * @param raw       the message bytes (possibly only the first part of a huge message)
     * @param fullSize  the message's size on the server, in bytes
     * @param truncated whether {@code raw} is only the first part of it
     */
    public ParsedMail parse(byte[] raw, long fullSize, boolean truncated) {
        Reading r = new Reading();
        if (truncated) {
            r.notes.add("message is " + fullSize + " bytes, over the size limit: only the first " + raw.length
                    + " bytes were read, later parts and attachments are missing");
        }
        MimeMessage message;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(raw));
        } catch (MessagingException | RuntimeException e) {
            r.notes.add("headers could not be read (" + e.getMessage() + "); the message is kept as text");
            r.text.append(Charsets.decode(raw, null, "message", r.notes));
            return build(r, raw, fullSize, null);
        }
        MailHeaders h = new MailHeaders(message, raw, r.notes);
        try {
            walk(message, 0, r, false);
        } catch (RuntimeException e) {
            // A defect in a library or here must not cost the message: keep what was read.
            r.notes.add("body could not be read completely (" + e + ")");
        }
        return build(r, raw, fullSize, h);
    }

    private ParsedMail build(Reading r, byte[] raw, long fullSize, MailHeaders h) {
        String messageId = h == null ? null : h.messageId;
        String html = r.html;
        String text = r.text.toString().strip();
        if (text.isEmpty() && html != null) {
            text = HtmlSanitizer.toText(html);
        }
        String subject = h == null ? "" : h.subject;
        MailAddress from = h == null ? null : h.from;
        String digest = digest(subject, text, html, r.parts);
        // Message-IDs are reused in the wild (broken clients, templates, forwarding services): the same id on
        // other content or from another sender is another message, so the key binds all three.
        String key = messageId != null
                ? "mid:" + sha256((messageId + "\n" + (from == null ? "" : from.address()) + "\n" + digest)
                        .getBytes(StandardCharsets.UTF_8))
                : "sha256:" + sha256(raw);
        if (messageId == null) {
            r.notes.add("no Message-ID: the message is known by the hash of its content");
        }
        Map<String, String> headers = h == null ? Map.of() : h.kept;
        Classification c = classify(h, r, from, subject);
        return withoutNul(new ParsedMail(messageId, key, h == null ? null : h.inReplyTo,
                h == null ? List.of() : h.references, from, h == null ? List.of() : h.to,
                h == null ? List.of() : h.cc, subject, h == null ? null : h.date, text, html,
                List.copyOf(r.parts), c.automatic, c.reason, c.bounce, headers, List.copyOf(r.notes), fullSize,
                digest));
    }

    /**
     * PostgreSQL cannot store U+0000, and a mail is never refused for one: every text of the message (headers,
     * addresses, body, file names, a bounce's report) is kept with each NUL replaced by U+FFFD, and a note.
     */
    static ParsedMail withoutNul(ParsedMail m) {
        if (!NulCharacters.inAny(List.of(nullToEmpty(m.messageId()), nullToEmpty(m.idempotencyKey()),
                nullToEmpty(m.inReplyTo()), m.references(), nullToEmpty(m.subject()), nullToEmpty(m.text()),
                nullToEmpty(m.html()), m.headers(), nullToEmpty(m.automaticReason()), addresses(m)))
                && m.parts().stream().noneMatch(p -> NulCharacters.in(p.filename()) || NulCharacters.in(p.contentType())
                || NulCharacters.in(p.contentId()))
                && (m.bounce() == null || !NulCharacters.inAny(List.of(nullToEmpty(m.bounce().recipient()),
                nullToEmpty(m.bounce().action()), nullToEmpty(m.bounce().status()),
                nullToEmpty(m.bounce().diagnostic()), nullToEmpty(m.bounce().originalMessageId()))))) {
            return m;
        }
        List<String> notes = new ArrayList<>(m.notes());
        notes.add("NUL characters (U+0000) in the message were replaced by U+FFFD");
        ParsedMail.Bounce b = m.bounce();
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) (Map<String, ?>) NulCharacters.replaceIn(m.headers());
        return new ParsedMail(NulCharacters.replace(m.messageId()), NulCharacters.replace(m.idempotencyKey()),
                NulCharacters.replace(m.inReplyTo()), m.references().stream().map(NulCharacters::replace).toList(),
                address(m.from()), m.to().stream().map(MailParser::address).toList(),
                m.cc().stream().map(MailParser::address).toList(), NulCharacters.replace(m.subject()), m.date(),
                NulCharacters.replace(m.text()), NulCharacters.replace(m.html()),
                m.parts().stream().map(p -> new MailPart(NulCharacters.replace(p.filename()),
                        NulCharacters.replace(p.contentType()), NulCharacters.replace(p.contentId()), p.inline(),
                        p.size(), p.data())).toList(),
                m.automatic(), NulCharacters.replace(m.automaticReason()),
                b == null ? null : new ParsedMail.Bounce(NulCharacters.replace(b.recipient()), b.failed(),
                        NulCharacters.replace(b.action()), NulCharacters.replace(b.status()),
                        NulCharacters.replace(b.diagnostic()), NulCharacters.replace(b.originalMessageId())),
                headers, List.copyOf(notes), m.size(), m.contentDigest());
    }

    private static List<String> addresses(ParsedMail m) {
        List<String> all = new ArrayList<>();
        List<MailAddress> list = new ArrayList<>(m.to());
        list.addAll(m.cc());
        if (m.from() != null) {
            list.add(m.from());
        }
        for (MailAddress a : list) {
            all.add(nullToEmpty(a.address()));
            all.add(nullToEmpty(a.name()));
        }
        return all;
    }

    private static MailAddress address(MailAddress a) {
        return a == null ? null : new MailAddress(NulCharacters.replace(a.address()), NulCharacters.replace(a.name()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private record Classification(Automatic automatic, String reason, ParsedMail.Bounce bounce) {
    }

    private Classification classify(MailHeaders h, Reading r, MailAddress from, String subject) {
        if (r.report || r.dsn != null) {
            return new Classification(Automatic.BOUNCE, "delivery-status report", Dsn.bounce(r.dsn, r.originalMessageId));
        }
        String sender = from == null ? "" : from.address();
        if (BOUNCE_SENDER.matcher(sender).find() && BOUNCE_SUBJECT.matcher(subject).find()) {
            String failed = h == null ? null : h.kept.get("X-Failed-Recipients");
            String recipient = failed == null ? null : failed.split(",")[0].strip().toLowerCase(Locale.ROOT);
            return new Classification(Automatic.BOUNCE, "bounce from " + sender,
                    new ParsedMail.Bounce(recipient, recipient != null, "failed", null, null, r.originalMessageId));
        }
        if (h == null) {
            return new Classification(Automatic.NONE, null, null);
        }
        String autoSubmitted = h.kept.get("Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return new Classification(Automatic.AUTO_REPLY, "Auto-Submitted: " + autoSubmitted.strip(), null);
        }
        String precedence = h.kept.get("Precedence");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return new Classification(Automatic.AUTO_REPLY, "Precedence: " + precedence.strip(), null);
        }
        for (String header : List.of("X-Autoreply", "X-Autorespond")) {
            if (h.kept.containsKey(header)) {
                return new Classification(Automatic.AUTO_REPLY, header + ": " + h.kept.get(header).strip(), null);
            }
        }
        if (h.kept.containsKey("List-Id")) {
            return new Classification(Automatic.AUTO_REPLY, "mailing list " + h.kept.get("List-Id").strip(), null);
        }
        return new Classification(Automatic.NONE, null, null);
    }

    private void walk(Part part, int depth, Reading r, boolean inReport) {
        if (depth > MAX_DEPTH) {
            r.notes.add("MIME nesting deeper than " + MAX_DEPTH + " levels ignored");
            return;
        }
        ContentType type = contentType(part, r);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        if (base.startsWith("multipart/")) {
            multipart(part, type, depth, r);
            return;
        }
        String disposition = disposition(part);
        String filename = filename(part, r);
        boolean attachment = "attachment".equals(disposition) || filename != null;
        if (base.equals("message/delivery-status")) {
            r.dsn = (r.dsn == null ? "" : r.dsn + "\n") + text(part, type, "delivery status", r);
        } else if (base.equals("text/rfc822-headers") && inReport) {
            r.originalMessageId = originalId(bytes(part, r, "returned headers"), true);
        } else if (base.equals("message/rfc822") && inReport) {
            byte[] original = bytes(part, r, "returned message");
            r.originalMessageId = originalId(original, false);
            addPart(part, "returned-message.eml", "message/rfc822", original, false, r);
        } else if (!attachment && base.equals("text/plain")) {
            if (!r.text.isEmpty()) {
                r.text.append("\n\n");
            }
            r.text.append(text(part, type, "text part", r));
        } else if (!attachment && base.equals("text/html")) {
            if (r.html == null) {
                r.html = text(part, type, "HTML part", r);
            } else {
                r.notes.add("a further HTML part is kept as an attachment");
                addPart(part, "part.html", base, bytes(part, r, "HTML part"), false, r);
            }
        } else {
            if (base.equals("application/ms-tnef") || "winmail.dat".equalsIgnoreCase(filename)) {
                r.notes.add("winmail.dat (Outlook TNEF) is kept as a file; its contents are not unpacked");
            }
            String name = filename != null ? filename : "attachment-" + (r.parts.size() + 1) + extension(base);
            boolean inline = !"attachment".equals(disposition) && contentId(part) != null;
            addPart(part, name, base, bytes(part, r, name), inline, r);
        }
    }

    private void multipart(Part part, ContentType type, int depth, Reading r) {
        boolean report = type.getBaseType().equalsIgnoreCase("multipart/report")
                && "delivery-status".equalsIgnoreCase(type.getParameter("report-type"));
        r.report |= report;
        Multipart multipart;
        try {
            Object content = part.getContent();
            if (!(content instanceof Multipart m)) {
                throw new MessagingException("content is " + (content == null ? "empty" : content.getClass().getSimpleName()));
            }
            multipart = m;
            int count = multipart.getCount();
            if (multipart instanceof MimeMultipart mm && !mm.isComplete()) {
                r.notes.add(type.getBaseType() + ": closing boundary missing, the parts found were kept");
            }
            if (count == 0) {
                r.notes.add(type.getBaseType() + ": no parts found");
            }
            for (int i = 0; i < count; i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1, r, report);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            r.notes.add(type.getBaseType() + " could not be split (" + e.getMessage() + "); its body is kept as text");
            byte[] body = rawBytes(part);
            if (body != null) {
                if (!r.text.isEmpty()) {
                    r.text.append("\n\n");
                }
                r.text.append(Charsets.decode(body, null, "unsplit body", r.notes));
            }
        }
    }

    private void addPart(Part part, String filename, String contentType, byte[] data, boolean inline, Reading r) {
        if (data == null) {
            return;
        }
        String cid = contentId(part);
        if (data.length > maxAttachmentBytes) {
            r.notes.add("attachment \"" + filename + "\" of " + data.length + " bytes is over the limit of "
                    + maxAttachmentBytes + " and was not stored");
            r.parts.add(new MailPart(filename, contentType, cid, inline, data.length, null));
            return;
        }
        r.parts.add(new MailPart(filename, contentType, cid, inline, data.length, data));
    }

    private String text(Part part, ContentType type, String where, Reading r) {
        byte[] data = bytes(part, r, where);
        return data == null ? "" : Charsets.decode(data, type.getParameter("charset"), where, r.notes);
    }

    /** The part's content with its transfer encoding undone; base64 is decoded leniently here. */
    private byte[] bytes(Part part, Reading r, String where) {
        String encoding = null;
        try {
            if (part instanceof MimePart mp) {
                encoding = mp.getEncoding();
            }
        } catch (MessagingException e) {
            r.notes.add(where + ": Content-Transfer-Encoding unreadable, body taken as it is");
        }
        if (encoding != null && encoding.strip().equalsIgnoreCase("base64")) {
            byte[] raw = rawBytes(part);
            return raw == null ? null : Base64Lenient.decode(raw, where, r.notes);
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (MessagingException | IOException | RuntimeException e) {
            r.notes.add(where + ": transfer encoding \"" + encoding + "\" could not be undone (" + e.getMessage()
                    + "), kept as it came");
            return rawBytes(part);
        }
    }

    private static byte[] rawBytes(Part part) {
        try {
            InputStream in = part instanceof MimeMessage m ? m.getRawInputStream()
                    : part instanceof jakarta.mail.internet.MimeBodyPart b ? b.getRawInputStream() : part.getInputStream();
            try (in) {
                return in.readAllBytes();
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            return null;
        }
    }

    private static ContentType contentType(Part part, Reading r) {
        String header = null;
        try {
            header = part.getContentType();
            return new ContentType(header == null ? "text/plain" : header);
        } catch (MessagingException | RuntimeException e) {
            // Salvage at least the type before the parameters
            String base = header == null ? "" : header.split(";")[0].strip().toLowerCase(Locale.ROOT);
            r.notes.add("unreadable Content-Type \"" + header + "\"");
            try {
                return new ContentType(base.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? base : "application/octet-stream");
            } catch (MessagingException impossible) {
                return new ContentType("application", "octet-stream", null);
            }
        }
    }

    private static String disposition(Part part) {
        try {
            String d = part.getDisposition();
            return d == null ? null : d.strip().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String filename(Part part, Reading r) {
        try {
            String name = part.getFileName();
            if (name == null) {
                return null;
            }
            try {
                name = MimeUtility.decodeText(name);
            } catch (IOException | RuntimeException e) {
                r.notes.add("attachment name \"" + name + "\" could not be decoded");
            }
            name = name.replaceAll("[\\\\/\\x00-\\x1f]", "_").strip();
            return name.isEmpty() ? null : name.length() > 250 ? name.substring(0, 250) : name;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String contentId(Part part) {
        try {
            String[] ids = part.getHeader("Content-ID");
            if (ids == null || ids.length == 0) {
                return null;
            }
            String id = ids[0].strip().replaceAll("^<|>$", "");
            return id.isEmpty() ? null : id;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private String originalId(byte[] bytes, boolean headersOnly) {
        if (bytes == null) {
            return null;
        }
        try {
            String value = headersOnly ? new InternetHeaders(new ByteArrayInputStream(bytes), true).getHeader("Message-ID", null)
                    : new MimeMessage(session, new ByteArrayInputStream(bytes)).getHeader("Message-ID", null);
            return firstId(value);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "application/pdf" -> ".pdf";
            case "message/rfc822" -> ".eml";
            case "text/plain" -> ".txt";
            case "text/calendar" -> ".ics";
            default -> ".bin";
        };
    }

    static String firstId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        if (m.find()) {
            return clip(m.group());
        }
        String bare = value.strip();
        return bare.isEmpty() || bare.contains(" ") ? null : clip("<" + bare + ">");
    }

    static List<String> allIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                ids.add(clip(m.group()));
            }
        }
        return ids.size() > MAX_REFERENCES ? List.copyOf(ids.subList(ids.size() - MAX_REFERENCES, ids.size())) : ids;
    }

    private static String clip(String id) {
        return id.length() > MAX_ID_LENGTH ? "<sha256:" + sha256(id.getBytes(StandardCharsets.UTF_8)) + ">" : id;
    }

    /** The parsed content's digest: the same mail read twice (or delivered to two mailboxes) gives the same one. */
    private static String digest(String subject, String text, String html, List<MailPart> parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[]{subject, text, html == null ? "" : html}) {
                d.update(s.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            for (MailPart p : parts) {
                d.update((p.filename() + "\u0000" + p.contentType() + "\u0000" + p.size() + "\u0000")
                        .getBytes(StandardCharsets.UTF_8));
                if (p.data() != null) {
                    d.update(p.data());
                }
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the walk over the parts collected. */
    private static final class Reading {
        final StringBuilder text = new StringBuilder();
        final List<MailPart> parts = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String html;
        boolean report;
        String dsn;
        String originalMessageId;
    }
}
