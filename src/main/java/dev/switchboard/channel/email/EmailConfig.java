package dev.switchboard.channel.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The email channel: the mailboxes watched over IMAP and answered over SMTP, and the limits that apply to all. */
@ConfigMapping(prefix = "switchboard.channels.email")
public interface EmailConfig {

    /** Whether any mailbox is watched at all (false: the channel still sends, nothing is read). */
    @WithDefault("true")
    boolean watch();

    /** The mailboxes by a short name of our choosing (e.g. {@code support}); the name is the key of its progress. */
    Map<String, Mailbox> mailboxes();

    /** The mailbox (its name) new conversations started by agents are sent from; the first by name when unset. */
    Optional<String> defaultMailbox();

    /** How often a mailbox whose server lacks IDLE is polled for new mail. */
    @WithDefault("PT60S")
    Duration pollInterval();

    /** How long one IDLE lasts before it is renewed (servers drop an IDLE after 30 minutes; keep below). */
    @WithDefault("PT9M")
    Duration idleRenewal();

    /** First wait before reconnecting after a failure; doubles on each failure in a row. */
    @WithDefault("PT1S")
    Duration backoffInitial();

    /** Longest wait between reconnection attempts. */
    @WithDefault("PT5M")
    Duration backoffMax();

    /** Connection and read timeout of the IMAP and SMTP sockets. */
    @WithDefault("PT30S")
    Duration socketTimeout();

    /** Largest message read whole, in bytes; a larger one is stored as its headers and text with a note. */
    @WithDefault("26214400")
    int maxMessageBytes();

    /** Largest attachment kept, in bytes; a larger one is listed with a note instead of stored. */
    @WithDefault("10485760")
    int maxAttachmentBytes();

    /** How long after an interaction closed a reply reopens it; a later reply starts a new one on the same service request. */
    @WithDefault("P7D")
    Duration reopenWindow();

    /** Attempts at storing one message before it is set aside (flagged as failed) so later mail is not held up. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How long a mailbox lease lasts without renewal; another instance takes the mailbox over after it (a standby
     * tries every third of it, so within about 4/3 of it: 9.3 s, in step with routing's failover).
     */
    @WithDefault("PT7S")
    Duration leaseDuration();

    /** One mailbox: where it is read, where replies go out, and which queue its new mail goes to. */
    interface Mailbox {

        /** Whether this mailbox is watched. */
        @WithDefault("true")
        boolean enabled();

        /** Our address: the From of every reply from this mailbox, and how our own mail is recognised. */
        String address();

        /** The display name on outgoing mail (e.g. "Acme Support"). */
        Optional<String> displayName();

        /** The routing queue (its name, or its id) for new interactions from this mailbox; the default email queue when unset. */
        Optional<String> queue();

        /** The IMAP side (reading). */
        Imap imap();

        /** The SMTP side (sending). */
        Smtp smtp();
    }

    /** The IMAP server of a mailbox. */
    interface Imap {
        /** Host name of the IMAP server. */
        String host();

        /** Port (993 for ssl, 143 for none or starttls). */
        @WithDefault("993")
        int port();

        /** Transport security: none, ssl (implicit TLS) or starttls. */
        @WithDefault("ssl")
        Security security();

        /** Login name. */
        String user();

        /** Password, app password or token. */
        String password();

        /** The folder watched for new mail. */
        @WithDefault("INBOX")
        String folder();

        /** A folder processed messages are moved to (created when missing); when unset they are flagged instead. */
        Optional<String> processedFolder();

        /** The flag set on a processed message: a keyword such as {@code $Switchboard}, or \Seen or \Flagged. */
        @WithDefault("$Switchboard")
        String processedFlag();

        /** The flag set on a message that could not be stored after every attempt (it stays in the folder). */
        @WithDefault("$SwitchboardFailed")
        String failedFlag();

        /** Whether to wait with IDLE where the server offers it; false polls every poll-interval instead. */
        @WithDefault("true")
        boolean idle();

        /** SASL mechanisms to log in with, e.g. XOAUTH2 (then the password is an OAuth2 access token). */
        Optional<String> authMechanisms();
    }

    /** The SMTP server of a mailbox. */
    interface Smtp {
        /** Host name of the SMTP server. */
        String host();

        /** Port (465 for ssl, 587 for starttls, 25 for none). */
        @WithDefault("587")
        int port();

        /** Transport security: none, ssl (implicit TLS) or starttls. */
        @WithDefault("starttls")
        Security security();

        /** Login name; no authentication when unset. */
        Optional<String> user();

        /** Password, app password or token. */
        Optional<String> password();

        /** SASL mechanisms to log in with, e.g. XOAUTH2 (then the password is an OAuth2 access token). */
        Optional<String> authMechanisms();
    }

    /** How a mail connection is secured. */
    enum Security {
        NONE,
        SSL,
        STARTTLS
    }
}
