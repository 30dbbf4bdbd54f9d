package dev.switchboard.channel.asterisk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of telephony and VoIP through Asterisk ({@code switchboard.channels.asterisk.*}). */
@ConfigMapping(prefix = "switchboard.channels.asterisk")
public interface AsteriskConfig {

    /**
     * Whether the channel is on. Off, no AMI connection is made, no FastAGI port is opened, call
     * controls answer 404 and the softphone endpoint says telephony is off.
     */
    @WithDefault("false")
    boolean enabled();

    /** The Asterisk Manager Interface connection (one per cluster, held by a lease). */
    Ami ami();

    /** The FastAGI server Asterisk's dialplan calls for each inbound call. */
    Agi agi();

    /** Dialplan contexts of {@code channels/asterisk/extensions.conf}. */
    Contexts contexts();

    /** Agents' softphones: realtime PJSIP endpoints and what the console needs to register. */
    Softphone softphone();

    /**
     * Agents' PJSIP endpoint ids are this number plus the agent id (6000 + 17 = 6017), unless the
     * agent record names its own endpoint ({@code sipEndpoint}, e.g. {@code PJSIP/6101}).
     */
    @WithDefault("6000")
    int extensionBase();

    /** The caller id shown to customers on click-to-call and on calls transferred out. */
    @WithDefault("switchboard")
    String outboundCallerId();

    /**
     * Removed from the front of a customer's E.164 number before it goes to the trunk (the {@code +});
     * {@code outbound-prefix} is then put in front (e.g. {@code 00} or a carrier code).
     */
    @WithDefault("+")
    String outboundStrip();

    /** Put in front of the number the trunk dials, after {@code outbound-strip}; unset, nothing. */
    Optional<String> outboundPrefix();

    /** Name of the queue voice calls are routed to; unset, the first queue serving VOICE. */
    Optional<String> voiceQueue();

    /** Name of the queue VoIP calls are routed to; unset, the first queue serving VOIP. */
    Optional<String> voipQueue();

    /** Customers calling from the web site's chat widget (WebRTC into {@code [sb-voip]}). */
    WebCalls webCalls();

    /** Customers asking to be called back. */
    Callbacks callbacks();

    /** Recordings: the file name MixMonitor writes, relative to Asterisk's monitor directory. */
    @WithDefault("switchboard")
    String recordingDirectory();

    /** Web calls from the chat widget. */
    interface WebCalls {
        /** Whether the widget may offer a call button (the queue must also take VOIP). */
        @WithDefault("true")
        boolean enabled();

        /** The user part the widget calls ({@code sip:web@<softphone.domain>}), {@code SB_DID} in [sb-voip]. */
        @WithDefault("web")
        String target();

        /** The From user pjsip.conf's [sb-web-caller] endpoint is identified by. */
        @WithDefault("sb-web-caller")
        String fromUser();

        /** How long a call's ticket may wait to be used. */
        @WithDefault("5M")
        Duration ticketTtl();
    }

    /** Call-back requests. */
    interface Callbacks {
        /** Whether customers may book call-backs (the queue must also take VOICE). */
        @WithDefault("true")
        boolean enabled();

        /** How often due requests are routed and overdue ones expired. */
        @WithDefault("10S")
        Duration poll();

        /** The window of an "as soon as possible" request: from now, at most this long (and within hours). */
        @WithDefault("1H")
        Duration asap();

        /** The longest window a customer may choose. */
        @WithDefault("24H")
        Duration maxWindow();

        /** How far ahead a window may start. */
        @WithDefault("7D")
        Duration horizon();

        /** Requests one client address may book per hour (the 6th in an hour is refused with 429). */
        @WithDefault("5")
        int perAddressPerHour();
    }

    /** AMI connection settings. */
    interface Ami {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("5038")
        int port();

        @WithDefault("switchboard")
        String username();

        /** The AMI user's secret (manager.conf); the login uses the MD5 challenge, never the plain secret. */
        Optional<String> secret();

        /** First wait before reconnecting after a failure; doubles up to {@code reconnect-max}. */
        @WithDefault("PT1S")
        Duration reconnectMin();

        @WithDefault("PT30S")
        Duration reconnectMax();

        /** How long an action may wait for Asterisk's response. */
        @WithDefault("PT5S")
        Duration actionTimeout();

        /**
         * How long the AMI lease lasts; the holder renews it at a third of this, and a standby tries as often, so a
         * killed holder's link moves within about 4/3 of it (9.3 s), in step with routing's failover.
         */
        @WithDefault("PT7S")
        Duration leaseDuration();
    }

    /** FastAGI server settings. */
    interface Agi {
        /** Address the FastAGI server binds to; keep it on the network Asterisk reaches us on. */
        @WithDefault("0.0.0.0")
        String bindAddress();

        @WithDefault("4573")
        int port();

        /** Calls handled at the same time; more wait in the server's backlog. */
        @WithDefault("20")
        int poolSize();
    }

    /** Dialplan contexts the service sends calls to. */
    interface Contexts {
        /** Rings an agent: exten = the agent's endpoint id; back to hold when not answered. */
        @WithDefault("sb-agent")
        String agent();

        /** Music on hold until the service acts. */
        @WithDefault("sb-hold")
        String hold();

        /** Dials outside numbers through the trunk (click-to-call, transfer to a number). */
        @WithDefault("sb-outbound")
        String outbound();

        /** A supervisor's phone listens to, whispers to or barges into an agent's call. */
        @WithDefault("sb-spy")
        String spy();
    }

    /**
     * What agents' phones need, and how their endpoints are provisioned: the console's WebRTC softphone, or
     * a SIP phone (the agent record's {@code phoneKind}).
     */
    interface Softphone {
        /** Write agents' endpoints into the Asterisk realtime tables ps_endpoints, ps_auths, ps_aors. */
        @WithDefault("true")
        boolean provision();

        /** The WebSocket URL the softphone connects to (Asterisk's http.conf TLS listener, path /ws). */
        @WithDefault("wss://127.0.0.1:8089/ws")
        String wssUrl();

        /** The SIP domain in agents' URIs (sip:6017@domain). */
        @WithDefault("127.0.0.1")
        String domain();

        /** The digest realm of the md5 credentials; Asterisk's default is "asterisk". */
        @WithDefault("asterisk")
        String realm();

        /**
         * Derives each agent's SIP password (HMAC of the agent's endpoint id), so no password is
         * stored; change it to change every password. Unset, telephony refuses to provision.
         */
        Optional<String> secret();

        /**
         * ICE servers for the browser: {@code stun:host:port} or {@code turn:user:pass@host:port}. Unset,
         * none: an on-premises centre's browsers reach Asterisk directly (host candidates), and nothing is
         * sent to a public server unless the operator names one.
         */
        Optional<List<String>> iceServers();

        /** PJSIP transport of WebRTC endpoints (the WSS transport of pjsip.conf). */
        @WithDefault("transport-wss")
        String transport();

        /**
         * PJSIP transport of SIP phones' endpoints: {@code transport-udp}, {@code transport-tcp} or a TLS
         * transport of pjsip.conf. The phone registers over the same protocol.
         */
        @WithDefault("transport-udp")
        String sipTransport();

        /**
         * Where SIP phones register and send calls, as the phone's settings want it
         * (e.g. {@code sip:pbx.example.com:5060;transport=udp}); unset, {@code sip:<domain>}.
         */
        Optional<String> sipRegistrar();

        /** The context agents' own dialling enters. */
        @WithDefault("sb-agents")
        String context();

        /**
         * Codecs of agents' endpoints, in order. The default works on a stock Asterisk; a codec Asterisk
         * cannot translate to the caller's drops the call (opus without codec_opus does).
         */
        @WithDefault("ulaw,alaw")
        String codecs();

        /**
         * Whether Asterisk has {@code codec_opus} (a separate binary, not in a stock build): then opus is
         * offered first to WebRTC endpoints. Without it, opus is never offered, even if {@code codecs} names it.
         */
        @WithDefault("false")
        boolean codecOpus();
    }
}
