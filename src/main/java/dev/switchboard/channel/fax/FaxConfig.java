package dev.switchboard.channel.fax;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the fax channel: Asterisk res_fax or a HylaFAX/provider hook in, Asterisk SendFAX out ({@code switchboard.channels.fax.*}). */
@ConfigMapping(prefix = "switchboard.channels.fax")
public interface FaxConfig {

    /** Whether the channel is on. Off, the inbound endpoint answers 404, the AGI scripts refuse and faxes are not sent. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The shared secret the receive hook sends in the header {@code X-Switchboard-Secret}; without it every
     * upload is refused.
     */
    Optional<String> callbackSecret();

    /** Source addresses the receive hook may call from: addresses or CIDR blocks. */
    @WithDefault("127.0.0.1,::1")
    List<String> allowedSources();

    /** Name of the queue received faxes are routed to; unset, the first queue serving FAX. */
    Optional<String> queue();

    /** Our fax number (E.164), recorded as the place of a received fax when the source does not say. */
    Optional<String> number();

    /**
     * Largest fax document accepted, in bytes; also bounded by {@code switchboard.contacts.max-attachment-bytes}.
     * An upload must also fit {@code switchboard.http.max-body-size} (10 MiB by default) with its form fields.
     */
    @WithDefault("9437184")
    long maxBytes();

    /** Most pages of one fax. */
    @WithDefault("100")
    int maxPages();

    /** Largest page, in pixels of the decoded or rendered page (refuses decompression bombs cheaply). */
    @WithDefault("20000000")
    long maxPixelsPerPage();

    /** The spool directory shared with Asterisk (received TIFFs, TIFF-F to send). */
    Spool spool();

    /** Sending through Asterisk SendFAX. */
    Outbound outbound();

    /** Where Asterisk's fax files are; the same directory seen from Asterisk and from this service. */
    interface Spool {
        /** The directory as Asterisk names it (SB_FAX_DIR in extensions.conf). */
        @WithDefault("/var/spool/asterisk/fax/switchboard")
        String asteriskPath();

        /** The same directory as mounted here (an NFS or volume mount); unset, the same path as Asterisk's. */
        Optional<String> localPath();
    }

    /** How a fax out is dialled. */
    interface Outbound {
        /** Whether agents may send faxes (needs the Asterisk channel and the shared spool). */
        @WithDefault("true")
        boolean enabled();

        /** The PJSIP trunk endpoint the fax is dialled through: PJSIP/&lt;number&gt;@&lt;trunk&gt;. */
        @WithDefault("trunk")
        String trunk();

        /** The dialplan context that runs SendFAX (channels/asterisk/extensions.conf). */
        @WithDefault("sb-fax-out")
        String context();

        /** Our caller id on the fax call; unset, Asterisk's default for the trunk. */
        Optional<String> callerId();

        /** How long the remote fax may ring before the attempt counts as not answered (retried with backoff). */
        @WithDefault("PT60S")
        Duration ringTimeout();

        /** Digits removed from the front of the E.164 number before dialling (the +). */
        @WithDefault("+")
        String strip();

        /** Put in front of the number after stripping (e.g. 00 for an international prefix). */
        Optional<String> prefix();
    }
}
