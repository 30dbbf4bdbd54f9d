package dev.switchboard.channel.email.internal;

import dev.switchboard.channel.email.ParsedMail.MailAddress;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
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

    final Map<String, String> kept = new LinkedHashMap<>();
    String messageId;
    String inReplyTo;
    List<String> references = List.of();
    MailAddress from;
    List<MailAddress> to = List.of();
    List<MailAddress> cc = List.of();
    String subject = "";
    OffsetDateTime date;

    MailHeaders(MimeMessage m, List<String> notes) {
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
        subject(m, notes);
        date(m, notes);
    }

    private void subject(MimeMessage m, List<String> notes) {
        String raw = header(m, "Subject");
        if (raw == null) {
            notes.add("no Subject");
            return;
        }
        try {
            subject = MimeUtility.decodeText(MimeUtility.unfold(raw)).strip();
        } catch (IOException | RuntimeException e) {
            notes.add("Subject could not be decoded, kept as it came");
            subject = MimeUtility.unfold(raw).strip();
        }
        subject = subject.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
        if (subject.length() > 900) {
            subject = subject.substring(0, 900);
        }
    }

    private void date(MimeMessage m, List<String> notes) {
        String raw = kept.get("Date");
        if (raw == null) {
            notes.add("no Date");
            return;
        }
        try {
            Date sent = m.getSentDate();
            if (sent == null) {
                notes.add("Date \"" + raw + "\" could not be read");
            } else {
                date = sent.toInstant().atOffset(ZoneOffset.UTC);
            }
        } catch (MessagingException | RuntimeException e) {
            notes.add("Date \"" + raw + "\" could not be read");
        }
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
        try {
            for (InternetAddress a : InternetAddress.parseHeader(raw, false)) {
                if (a.getAddress() != null && a.getAddress().contains("@")) {
                    out.add(new MailAddress(a.getAddress().strip().toLowerCase(Locale.ROOT), a.getPersonal()));
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // Salvage anything that looks like an address
            Matcher found = BARE_ADDRESS.matcher(raw);
            while (found.find()) {
                out.add(new MailAddress(found.group().toLowerCase(Locale.ROOT), null));
            }
            notes.add(name + " \"" + raw + "\" is malformed" + (out.isEmpty() ? "" : ", addresses salvaged"));
        }
        return out;
    }

    private static MailAddress first(List<MailAddress> list) {
        return list.isEmpty() ? null : list.get(0);
    }
}
