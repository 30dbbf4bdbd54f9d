package dev.switchboard.channel.sms;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the whole test suite (one Quarkus start) the SMS settings of a test Kannel on free loopback
 * ports. Kannel itself is started by the SMS tests once the service runs: its inbound URL needs the
 * service's port (random in tests), and a suite without Kannel installed must still start.
 */
public class KannelTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-callback-secret";
    /** The queue SMS conversations are routed to; the tests create it. */
    static final String QUEUE = "SMS inbound (tests)";
    /** Our number. */
    public static final String OUR_NUMBER = "10690000";
    static final String STOP_CONFIRMATION = "Unsubscribed. 已退订";
    static final String START_CONFIRMATION = "Subscribed again. 已订阅";

    /** The ports this resource chose, read back from the configuration (the test runs in another class loader). */
    public static Kannel.Ports ports() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return new Kannel.Ports(config.getValue("kannel-test.admin-port", Integer.class),
                config.getValue("kannel-test.smsbox-port", Integer.class),
                config.getValue("kannel-test.smsc-port", Integer.class),
                config.getValue("kannel-test.sendsms-port", Integer.class));
    }

    @Override
    public Map<String, String> start() {
        Kannel.Ports ports = Kannel.Ports.free();
        return Map.ofEntries(
                Map.entry("kannel-test.admin-port", Integer.toString(ports.admin())),
                Map.entry("kannel-test.smsbox-port", Integer.toString(ports.smsbox())),
                Map.entry("kannel-test.smsc-port", Integer.toString(ports.smsc())),
                Map.entry("kannel-test.sendsms-port", Integer.toString(ports.sendsms())),
                Map.entry("switchboard.channels.sms.enabled", "true"),
                Map.entry("switchboard.channels.sms.kannel.sendsms-url",
                        "http://127.0.0.1:" + ports.sendsms() + "/cgi-bin/sendsms"),
                Map.entry("switchboard.channels.sms.kannel.status-url",
                        "http://127.0.0.1:" + ports.admin() + "/status.txt?password=" + Kannel.STATUS_PASSWORD),
                Map.entry("switchboard.channels.sms.kannel.username", Kannel.SENDSMS_USER),
                Map.entry("switchboard.channels.sms.kannel.password", Kannel.SENDSMS_PASSWORD),
                Map.entry("switchboard.channels.sms.kannel.timeout", "PT3S"),
                Map.entry("switchboard.channels.sms.callback-secret", SECRET),
                // The Kannel restart test keeps a message retrying while Kannel is down and comes back; %test's
                // 5 attempts (about 2.4 s with its short backoff) are too few on a loaded machine. No other
                // test depends on the number: the outbound tests count attempts of messages that get through.
                Map.entry("switchboard.outbound.max-attempts", "20"),
                Map.entry("switchboard.channels.sms.queue", QUEUE),
                Map.entry("switchboard.channels.sms.numbers", OUR_NUMBER),
                // Short enough for one UCS-2 SMS, which the fake SMSC prints decodable as a whole.
                Map.entry("switchboard.channels.sms.confirmations.stop", STOP_CONFIRMATION),
                Map.entry("switchboard.channels.sms.confirmations.start", START_CONFIRMATION));
    }

    @Override
    public void stop() {
        // The fixture stops Kannel.
    }

    /**
     * Kannel set up for these ports and the service at {@code base}, running: {@code kannel} itself when the test
     * class has one already, started again if it was stopped. Skips the test where Kannel is not installed.
     */
    public static Kannel running(Kannel kannel, java.net.URI base) {
        Kannel.assumeInstalled();
        Kannel k = kannel != null ? kannel
                : Kannel.configure(ports(), "http://127.0.0.1:" + base.getPort() + "/api/channels/sms/inbound", SECRET);
        if (!k.running()) {
            k.start();
        }
        return k;
    }
}
