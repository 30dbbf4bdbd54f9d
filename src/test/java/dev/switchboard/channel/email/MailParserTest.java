package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.channel.email.ParsedMail.Automatic;
import dev.switchboard.channel.email.ParsedMail.MailPart;
import dev.switchboard.channel.email.internal.HtmlSanitizer;
import dev.switchboard.channel.email.internal.MailParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser against a corpus of real-world oddities: each is read as far as possible, with a note, and never throws. */
class MailParserTest {

    static final String[] CORPUS = {"wrong-charset", "unknown-charset", "missing-headers", "missing-from-with-reply-to",
            "malformed-boundary", "missing-end-boundary", "eight-bit-headers", "tnef-winmail",
            "nested-alternative-related", "base64-garbage", "dsn-bounce", "vacation-auto-reply", "x-autorespond",
            "mailing-list", "html-only", "garbled-headers", "missing-boundary-parameter", "gbk-chinese",
            "reused-message-id-a", "reused-message-id-b", "sender-two-addresses-quoted", "sender-display-name-unquoted",
            "sender-no-domain", "sender-quoted-name-and-comment", "sender-comments-in-address", "sender-obs-route",
            "big5-raw-subject", "impossible-date", "reused-message-id-a-relayed", "reused-message-id-same-sender",
            "auto-reply-in-thread", "group-recipients"};

    private final MailParser parser = new MailParser(1024 * 1024);

    static byte[] corpus(String name) {
        try (InputStream in = MailParserTest.class.getResourceAsStream("/email/corpus/" + name + ".eml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedMail parse(String name) {
        byte[] raw = corpus(name);
        return parser.parse(raw, raw.length, false);
    }

    static Stream<String> corpusNames() {
        return Arrays.stream(CORPUS);
    }

    @ParameterizedTest
    @MethodSource("corpusNames")
    void everyCorpusMessageParsesWithAKeyAndText(String name) {
        ParsedMail mail = parse(name);
        assertThat(mail.idempotencyKey()).isNotBlank();
        assertThat(mail.text()).isNotNull();
        assertThat(mail.subject()).isNotNull();
    }

    @Test
    void nulCharactersAnywhereAreReplacedWithANoteNeverRefused() {
        byte[] raw = ("From: \"Li\u0000Na\" <li@example.com>\r\nTo: desk@switchboard.test\r\n"
                + "Subject: bal\u0000ance\r\nMessage-ID: <nul\u0000id@example.com>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nmy card 12\u000034\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ParsedMail mail = parser.parse(raw, raw.length, false);
        assertThat(mail.text()).isEqualTo("my card 12\uFFFD34");
        assertThat(mail.subject()).doesNotContain("\u0000").startsWith("bal");
        assertThat(mail.from().name()).doesNotContain("\u0000");
        assertThat(mail.idempotencyKey()).doesNotContain("\u0000");
        assertThat(String.join("", mail.headers().values())).doesNotContain("\u0000");
        assertThat(mail.notes()).anySatisfy(n -> assertThat(n).contains("NUL"));
    }

    @Test
    void latin1LabelOnUtf8TextIsReadAsUtf8WithANote() {
        ParsedMail mail = parse("wrong-charset");
        assertThat(mail.text()).contains("张伟").contains("Grüße");
        assertThat(mail.notes()).anyMatch(n -> n.contains("declared iso-8859-1 but the text is UTF-8"));
        assertThat(mail.automatic()).isEqualTo(Automatic.NONE);
        assertThat(mail.from().address()).isEqualTo("zhang.wei@example.cn");
        assertThat(mail.from().name()).isEqualTo("Zhang Wei");
        assertThat(mail.messageId()).isEqualTo("<wrong-charset-1@example.cn>");
    }

    @Test
    void unknownCharsetIsGuessedWithANote() {
        ParsedMail mail = parse("unknown-charset");
        assertThat(mail.text()).contains("Café au lait");
        assertThat(mail.notes()).anyMatch(n -> n.contains("unknown charset \"x-made-up-charset\""));
    }

    @Test
    void gb2312BodyAndEncodedSubjectAreDecoded() {
        ParsedMail mail = parse("gbk-chinese");
        assertThat(mail.text()).contains("你好，我要开户。");
        assertThat(mail.subject()).isEqualTo("中国");
    }

    @Test
    void missingMessageIdFromAndDateAreNotedAndTheHashIsTheKey() {
        ParsedMail mail = parse("missing-headers");
        assertThat(mail.messageId()).isNull();
        assertThat(mail.idempotencyKey()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(mail.from()).isNull();
        assertThat(mail.date()).isNull();
        assertThat(mail.notes()).anyMatch(n -> n.contains("no Message-ID"))
                .anyMatch(n -> n.contains("no sender address"))
                .anyMatch(n -> n.contains("no Date"));
        assertThat(mail.text()).contains("very old script");
        // The same bytes give the same key: a retry is recognised.
        assertThat(parse("missing-headers").idempotencyKey()).isEqualTo(mail.idempotencyKey());
    }

    @Test
    void aReusedMessageIdOnAnotherMessageGivesAnotherKeyButTheSameMessageTheSameKey() {
        ParsedMail a = parse("reused-message-id-a");
        ParsedMail b = parse("reused-message-id-b");
        assertThat(a.messageId()).isEqualTo(b.messageId()).isEqualTo("<1@localhost.localdomain>");
        assertThat(a.idempotencyKey()).isNotEqualTo(b.idempotencyKey()).startsWith("mid:");
        assertThat(a.contentDigest()).isNotEqualTo(b.contentDigest());
        assertThat(parse("reused-message-id-a").idempotencyKey()).isEqualTo(a.idempotencyKey());
        // The same content from another sender is another message too.
        String forged = new String(corpus("reused-message-id-a"), StandardCharsets.UTF_8)
                .replace("ines.duarte@example.org", "someone.else@example.org");
        byte[] raw = forged.getBytes(StandardCharsets.UTF_8);
        ParsedMail other = parser.parse(raw, raw.length, false);
        assertThat(other.contentDigest()).isEqualTo(a.contentDigest());
        assertThat(other.idempotencyKey()).isNotEqualTo(a.idempotencyKey());
    }

    @Test
    void theSameMessageRelayedAndReencodedKeepsItsKeyButNewContentFromTheSameSenderDoesNot() {
        ParsedMail a = parse("reused-message-id-a");
        assertThat(parse("reused-message-id-a-relayed").idempotencyKey()).isEqualTo(a.idempotencyKey());
        assertThat(parse("reused-message-id-same-sender").idempotencyKey()).isNotEqualTo(a.idempotencyKey());
    }

    @Test
    void groupsAreReadAsTheirMembersAndQuotedNamesKeepTheirParentheses() {
        ParsedMail mail = parse("group-recipients");
        assertThat(mail.to()).isEmpty();
        assertThat(mail.cc()).containsExactly(new ParsedMail.MailAddress("anna@example.de", null),
                new ParsedMail.MailAddress("ben@example.de", "Ben (billing)"),
                new ParsedMail.MailAddress("carl@example.de", "Carl"));
        assertThat(mail.notes()).noneMatch(n -> n.startsWith("To") || n.startsWith("Cc"));
    }

    @Test
    void anAutoReplyInAThreadKeepsItsThreadHeaders() {
        ParsedMail mail = parse("auto-reply-in-thread");
        assertThat(mail.automatic()).isEqualTo(Automatic.AUTO_REPLY);
        assertThat(mail.inReplyTo()).isEqualTo("<our-reply@switchboard.test>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sender-two-addresses-quoted", "sender-display-name-unquoted", "sender-no-domain"})
    void anUnreadableSenderIsNotUsedAndIsNamedInANote(String name) {
        ParsedMail mail = parse(name);
        assertThat(mail.from()).isNull();
        assertThat(mail.notes()).anyMatch(n -> n.startsWith("From: ") && n.contains("is not a readable address"))
                .anyMatch(n -> n.contains("no sender address"));
        assertThat(mail.text()).isNotBlank();
    }

    @Test
    void rfc5322AddressesWithCommentsAndObsoleteRoutesResolve() {
        ParsedMail joe = parse("sender-quoted-name-and-comment");
        assertThat(joe.from()).isEqualTo(new ParsedMail.MailAddress("john.q.public@example.com", "Joe Q. Public"));
        ParsedMail pete = parse("sender-comments-in-address");
        assertThat(pete.from()).isEqualTo(new ParsedMail.MailAddress("pete@silly.test", "Pete"));
        ParsedMail mary = parse("sender-obs-route");
        assertThat(mary.from().address()).isEqualTo("mary@example.net");
        // Obsolete two-digit year and zone name: 11:30 EST is 16:30 UTC.
        assertThat(mary.date()).isEqualTo(java.time.OffsetDateTime.parse("2026-03-12T16:30:00Z"));
        for (ParsedMail mail : java.util.List.of(joe, pete, mary)) {
            assertThat(mail.notes()).noneMatch(n -> n.contains("From"));
        }
    }

    @Test
    void aRawBig5SubjectIsReadInTheMessagesCharsetWithANote() {
        ParsedMail mail = parse("big5-raw-subject");
        assertThat(mail.subject()).isEqualTo("請問退款進度");
        assertThat(mail.text()).contains("退款");
        assertThat(mail.notes()).anyMatch(n -> n.contains("Subject is raw 8-bit text that is not UTF-8: read as Big5"));
    }

    @Test
    void aRawSubjectInNoNamedCharsetIsNotedAsUnreadable() {
        String raw = new String(corpus("big5-raw-subject"), StandardCharsets.ISO_8859_1).replace("charset=big5", "charset=utf-8");
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        ParsedMail mail = parser.parse(bytes, bytes.length, false);
        assertThat(mail.subject()).contains("\uFFFD");
        assertThat(mail.notes()).anyMatch(n -> n.contains("no charset the message names fits"));
    }

    @Test
    void anImpossibleDateIsNotGuessedButNoted() {
        ParsedMail mail = parse("impossible-date");
        assertThat(mail.date()).isNull();
        assertThat(mail.notes()).anyMatch(n -> n.contains("Date \"Tue, 31 Feb 2026 25:61:00 +0100\" could not be read"));
        assertThat(parse("wrong-charset").date()).isNotNull();
    }

    @Test
    void senderFallsBackToReplyTo() {
        ParsedMail mail = parse("missing-from-with-reply-to");
        assertThat(mail.from().address()).isEqualTo("li.na@example.cn");
        assertThat(mail.notes()).anyMatch(n -> n.contains("sender taken from Reply-To"));
    }

    @Test
    void mismatchedBoundaryKeepsTheBodyAsText() {
        ParsedMail mail = parse("malformed-boundary");
        assertThat(mail.text()).contains("does not match");
        assertThat(mail.notes()).anyMatch(n -> n.contains("multipart/mixed"));
    }

    @Test
    void missingEndBoundaryKeepsThePartsFound() {
        ParsedMail mail = parse("missing-end-boundary");
        assertThat(mail.text()).contains("The first part is fine.");
        assertThat(mail.parts()).extracting(MailPart::filename).containsExactly("statement.pdf");
        assertThat(mail.notes()).anyMatch(n -> n.contains("closing boundary missing"));
    }

    @Test
    void missingBoundaryParameterStillFindsTheText() {
        ParsedMail mail = parse("missing-boundary-parameter");
        assertThat(mail.text()).contains("no declared boundary");
    }

    @Test
    void eightBitHeadersAreReadAsUtf8() {
        ParsedMail mail = parse("eight-bit-headers");
        assertThat(mail.subject()).isEqualTo("关于我的账户 — Überweisung");
        assertThat(mail.from().name()).isEqualTo("王小明");
        assertThat(mail.text()).contains("我想查询我的账户余额");
    }

    @Test
    void winmailDatIsKeptAsAFileWithANote() {
        ParsedMail mail = parse("tnef-winmail");
        assertThat(mail.text()).contains("See attached.");
        assertThat(mail.parts()).singleElement().satisfies(p -> {
            assertThat(p.filename()).isEqualTo("winmail.dat");
            assertThat(p.contentType()).isEqualTo("application/ms-tnef");
            assertThat(p.data()).hasSize(64);
        });
        assertThat(mail.notes()).anyMatch(n -> n.contains("TNEF"));
    }

    @Test
    void nestedAlternativeAndRelatedGiveTextHtmlInlineImageAndAttachment() {
        ParsedMail mail = parse("nested-alternative-related");
        assertThat(mail.text()).startsWith("Here is the error I get when I log in.");
        assertThat(mail.html()).contains("cid:shot1@example.com");
        assertThat(mail.parts()).extracting(MailPart::filename).containsExactly("shot.png", "contract.pdf");
        MailPart image = mail.parts().get(0);
        assertThat(image.inline()).isTrue();
        assertThat(image.contentId()).isEqualTo("shot1@example.com");
        assertThat(mail.parts().get(1).inline()).isFalse();
        assertThat(new String(mail.parts().get(1).data(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");

        String safe = HtmlSanitizer.sanitize(mail.html());
        assertThat(safe).doesNotContain("<script", "onclick", "javascript:", "<style")
                .contains("<b>error</b>", "src=\"cid:shot1@example.com\"", "https://example.com/help");
        String shown = HtmlSanitizer.withInlineImages(safe, Map.of("shot1@example.com", "/files/1"));
        assertThat(shown).contains("src=\"/files/1\"").doesNotContain("cid:");
    }

    @Test
    void base64GarbageIsSkippedWithANote() {
        ParsedMail mail = parse("base64-garbage");
        assertThat(mail.text()).startsWith("Hello, this is the body.");
        assertThat(mail.notes()).anyMatch(n -> n.contains("not base64 were skipped"));
    }

    @Test
    void deliveryStatusReportIsABounceNamingTheFailedRecipientAndOurMessage() {
        ParsedMail mail = parse("dsn-bounce");
        assertThat(mail.automatic()).isEqualTo(Automatic.BOUNCE);
        assertThat(mail.bounce().recipient()).isEqualTo("gone.customer@example.net");
        assertThat(mail.bounce().failed()).isTrue();
        assertThat(mail.bounce().status()).isEqualTo("5.1.1");
        assertThat(mail.bounce().diagnostic()).contains("User unknown");
        assertThat(mail.bounce().originalMessageId()).isEqualTo("<sent-by-us-1@switchboard.test>");
    }

    @Test
    void vacationNoticeIsAnAutoReply() {
        ParsedMail mail = parse("vacation-auto-reply");
        assertThat(mail.automatic()).isEqualTo(Automatic.AUTO_REPLY);
        assertThat(mail.automaticReason()).contains("Auto-Submitted");
    }

    @Test
    void xAutorespondIsAnAutoReply() {
        ParsedMail mail = parse("x-autorespond");
        assertThat(mail.automatic()).isEqualTo(Automatic.AUTO_REPLY);
        assertThat(mail.automaticReason()).startsWith("X-Autorespond");
    }

    @Test
    void mailingListMailIsAutomatic() {
        ParsedMail mail = parse("mailing-list");
        assertThat(mail.automatic()).isEqualTo(Automatic.AUTO_REPLY);
        assertThat(mail.automaticReason()).contains("Precedence: list");
    }

    @Test
    void htmlOnlyMailGetsTextFromTheHtml() {
        ParsedMail mail = parse("html-only");
        assertThat(mail.text()).contains("First line").contains("Second line").doesNotContain("alert");
        assertThat(mail.html()).contains("<p>First line</p>");
    }

    @Test
    void garbledHeadersAreSalvagedOrNoted() {
        ParsedMail mail = parse("garbled-headers");
        assertThat(mail.messageId()).isEqualTo("<no-angle-brackets@example.com>");
        assertThat(mail.inReplyTo()).isNull();
        assertThat(mail.references()).containsExactly("<ref-a@example.com>", "<ref-b@example.com>");
        assertThat(mail.date()).isNull();
        assertThat(mail.notes()).anyMatch(n -> n.contains("could not be read"));
        assertThat(mail.text()).contains("Body survives.");
    }

    @Test
    void hugeMessageCutAtTheLimitKeepsItsHeadersAndFirstText() {
        StringBuilder body = new StringBuilder();
        body.append("From: big@example.com\r\nSubject: Huge\r\nMessage-ID: <huge-1@example.com>\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"h\"\r\n\r\n--h\r\nContent-Type: text/plain\r\n\r\n")
                .append("The text comes first.\r\n--h\r\nContent-Type: application/octet-stream; name=big.bin\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n");
        String line = "A".repeat(76) + "\r\n";
        body.append(line.repeat(20_000));
        byte[] whole = body.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] cut = Arrays.copyOf(whole, 200_000);
        ParsedMail mail = parser.parse(cut, whole.length, true);
        assertThat(mail.messageId()).isEqualTo("<huge-1@example.com>");
        assertThat(mail.text()).contains("The text comes first.");
        assertThat(mail.size()).isEqualTo(whole.length);
        assertThat(mail.notes()).anyMatch(n -> n.contains("over the size limit"));
    }

    @Test
    void attachmentOverTheLimitIsListedWithoutData() {
        MailParser small = new MailParser(10);
        byte[] raw = corpus("nested-alternative-related");
        ParsedMail mail = small.parse(raw, raw.length, false);
        assertThat(mail.parts()).allSatisfy(p -> assertThat(p.data()).isNull());
        assertThat(mail.notes()).anyMatch(n -> n.contains("over the limit of 10"));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] raw = new byte[random.nextInt(4000)];
            random.nextBytes(raw);
            if (i % 3 == 0) {
                // Mutate a real message instead of pure noise, so the MIME paths are exercised.
                byte[] real = corpus(CORPUS[i % CORPUS.length]);
                raw = Arrays.copyOf(real, real.length);
                for (int j = 0; j < 20; j++) {
                    raw[random.nextInt(raw.length)] = (byte) random.nextInt(256);
                }
            }
            byte[] input = raw;
            assertThatCode(() -> parser.parse(input, input.length, false)).doesNotThrowAnyException();
        }
    }
}
