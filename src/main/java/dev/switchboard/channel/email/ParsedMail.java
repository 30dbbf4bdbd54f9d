package dev.switchboard.channel.email;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One email read as far as it could be: the channel's neutral view of a message, whatever MIME
 * mishaps it came with. Every field may be absent; {@link #notes()} says what was missing or repaired.
 *
 * @param messageId      the Message-ID with its angle brackets, or null when the message had none
 * @param idempotencyKey what makes this message this message: with a Message-ID, a hash of the Message-ID, the
 *                       sender and {@code contentDigest} (a reused Message-ID on other mail is another message);
 *                       without one, a hash of the raw message
 * @param inReplyTo      the first id of In-Reply-To, or null
 * @param references     the ids of References, oldest first
 * @param from           the sender (From, else Sender, Reply-To or Return-Path), or null
 * @param text           the plain-text body (derived from the HTML when only HTML came), never null
 * @param html           the HTML body as sent (not yet sanitised), or null
 * @param automatic      what kind of mail it is: from a person, an auto-reply or a bounce
 * @param bounce         what a bounce says about the failed delivery, or null
 * @param headers        the headers kept for the record (threading and classification ones)
 * @param contentDigest  SHA-256 of the parsed content (subject, text, HTML, each part's name, type and bytes)
 */
public record ParsedMail(String messageId, String idempotencyKey, String inReplyTo, List<String> references,
                         MailAddress from, List<MailAddress> to, List<MailAddress> cc, String subject,
                         OffsetDateTime date, String text, String html, List<MailPart> parts, Automatic automatic,
                         String automaticReason, Bounce bounce, Map<String, String> headers, List<String> notes,
                         long size, String contentDigest) {

    /** The same mail with one more note (something found out about it after parsing). */
    public ParsedMail withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ParsedMail(messageId, idempotencyKey, inReplyTo, references, from, to, cc, subject, date, text, html,
                parts, automatic, automaticReason, bounce, headers, List.copyOf(more), size, contentDigest);
    }

    /** An address with its display name (possibly null); the address is lower-cased. */
    public record MailAddress(String address, String name) {
    }

    /**
     * An attachment or inline image. {@code data} is null when it was too large to keep (see the notes).
     *
     * @param contentId the Content-ID without angle brackets, for inline images referenced by {@code cid:}
     */
    public record MailPart(String filename, String contentType, String contentId, boolean inline, long size,
                           byte[] data) {
    }

    /** Whether a person wrote it, or a machine did. */
    public enum Automatic {
        /** A person's mail: may open an interaction. */
        NONE,
        /** Vacation notices, autoresponders, bulk and list mail: never opens anything, never answered. */
        AUTO_REPLY,
        /** A delivery status notification about mail we sent. */
        BOUNCE
    }

    /**
     * A delivery status notification's content.
     *
     * @param recipient          the address that failed (Final-Recipient), lower-cased, or null
     * @param failed             true for a permanent failure (Action failed or status 5.x.x)
     * @param originalMessageId  the Message-ID of the mail that bounced, or null
     */
    public record Bounce(String recipient, boolean failed, String action, String status, String diagnostic,
                         String originalMessageId) {
    }
}
