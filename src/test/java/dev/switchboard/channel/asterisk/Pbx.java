package dev.switchboard.channel.asterisk;

import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.AmiPeer;
import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The protocol-level Asterisk the telephony tests talk to: one AMI peer for the test JVM on the port
 * Maven reserved (the service's %test settings point at it), and the FastAGI URL of the service.
 */
public final class Pbx {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static AmiPeer peer;

    private Pbx() {
    }

    /** The running peer; started on first use, after which the service's AMI link logs in (it retries meanwhile). */
    public static synchronized AmiPeer peer() {
        if (peer == null) {
            var config = ConfigProvider.getConfig();
            try {
                peer = new AmiPeer(config.getValue("switchboard.channels.asterisk.ami.username", String.class),
                        config.getValue("switchboard.channels.asterisk.ami.secret", String.class))
                        .start(config.getValue("switchboard.channels.asterisk.ami.port", Integer.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return peer;
    }

    public static CallModel calls() {
        return peer().calls();
    }

    /** The URL the dialplan's AGI() calls. */
    public static String agiUrl() {
        int port = ConfigProvider.getConfig().getValue("switchboard.channels.asterisk.agi.port", Integer.class);
        return "agi://127.0.0.1:" + port + "/inbound";
    }

    /** Waits until the service is logged in to the peer (health check "asterisk" UP). */
    public static void awaitConnected() {
        peer();
        await().atMost(WAIT).until(() -> "CONNECTED".equals(amiState()));
    }

    /** The AMI state the health check reports. */
    public static String amiState() {
        return health().getString("data.ami");
    }

    /** The health check "asterisk" (status, data). */
    public static io.restassured.path.json.JsonPath health() {
        var checks = Api.asAdmin().get("/q/health/well").then().extract().jsonPath();
        return new io.restassured.path.json.JsonPath(checks.prettify()).setRootPath("checks.find { it.name == 'asterisk' }");
    }
}
