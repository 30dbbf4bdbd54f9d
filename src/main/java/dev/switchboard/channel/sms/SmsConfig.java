package dev.switchboard.channel.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the two-way SMS channel through Kannel ({@code switchboard.channels.sms.*}). */
@ConfigMapping(prefix = "switchboard.channels.sms")
public interface SmsConfig {

    /**
     * Whether the channel is on. Off, the inbound and delivery-report endpoints answer 404, sends fail
     * as final and the health check reports nothing about Kannel.
     */
    @WithDefault("false")
    boolean enabled();

    /** How the service reaches Kannel. */
    Kannel kannel();

    /**
     * Our numbers (long numbers or short codes) as Kannel knows them; the first is the sender of new
     * conversations and of STOP/START confirmations when the customer wrote to none of them.
     */
    @WithDefault("10690000")
    List<String> numbers();

    /**
     * The shared secret Kannel sends with every callback (query parameter {@code secret} or header
     * {@code X-Switchboard-Secret}); the same value goes into the sms-service URL of kannel.conf.
     * Without it every callback is refused.
     */
    Optional<String> callbackSecret();

    /**
     * Source addresses Kannel's callbacks may come from: single addresses or CIDR blocks
     * ({@code 10.0.0.0/8}). Checked against the TCP peer (or the forwarded address when
     * {@code quarkus.http.proxy.proxy-address-forwarding} is on).
     */
    @WithDefault("127.0.0.1,::1")
    List<String> allowedSources();

    /**
     * The base URL at which Kannel reaches this service, for the delivery-report URL given with
     * every send (e.g. {@code http://switchboard:8080}); unset, {@code http://127.0.0.1:<the port
     * this service listens on>}, which is right when Kannel runs on the same host.
     */
    Optional<String> callbackBaseUrl();

    /** Name of the queue new SMS conversations are routed to; unset, the first queue serving SMS. */
    Optional<String> queue();

    /**
     * Which delivery reports to ask Kannel for (its dlr-mask): 1 delivered, 2 failed, 4 buffered,
     * 8 accepted by the SMSC, 16 rejected by the SMSC; 31 asks for all.
     */
    @WithDefault("31")
    int dlrMask();

    /** Most parts one message may take; must not exceed max-messages of Kannel's sendsms-user. */
    @WithDefault("10")
    int maxSegments();

    /** Opt-out and opt-in keywords. */
    Keywords keywords();

    /** Texts the service sends on its own. */
    Confirmations confirmations();

    /** How the service reaches Kannel's smsbox and bearerbox. */
    interface Kannel {
        /** Kannel's sendsms URL (smsbox {@code sendsms-port}). */
        @WithDefault("http://127.0.0.1:13013/cgi-bin/sendsms")
        String sendsmsUrl();

        /** The sendsms-user's username. */
        @WithDefault("switchboard")
        String username();

        /** The sendsms-user's password. */
        Optional<String> password();

        /**
         * Bearerbox's status page for the health check, with its status password
         * (e.g. {@code http://127.0.0.1:13000/status.txt?password=...}); unset, the health check
         * only probes sendsms.
         */
        Optional<String> statusUrl();

        /** SMSC id to force for every send (Kannel's {@code smsc}); unset, Kannel routes. */
        Optional<String> smsc();

        /** How long one call to Kannel may take before it counts as Kannel being down. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    /** Keywords a whole message is compared with, ignoring case, width, spaces and punctuation. */
    interface Keywords {
        /** Messages that opt the sender out of SMS (退订 and TD are the usual ones in China). */
        @WithDefault("STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,退订,TD")
        List<String> stop();

        /** Messages that opt the sender back in. */
        @WithDefault("START,UNSTOP,SUBSCRIBE,订阅")
        List<String> start();
    }

    /** Confirmation texts; they are sent even to a customer who just opted out. */
    interface Confirmations {
        /** Answer to an opt-out keyword. */
        @WithDefault("You will get no more SMS from us. Reply START to subscribe again. 已退订，回复订阅可恢复。")
        String stop();

        /** Answer to an opt-in keyword. */
        @WithDefault("You will get SMS from us again. Reply STOP to unsubscribe. 已订阅，回复退订可取消。")
        String start();
    }
}
