package dev.switchboard.channel.asterisk.replay;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The replay tests' service: its AMI link points at the replaying Asterisk instead of the model peer, so
 * the two never share a connection. The port is chosen once per test JVM and kept in a system property
 * (the profile and the tests may be loaded by different class loaders); offers expire sooner; everything else is %test's.
 */
public class ReplayProfile implements QuarkusTestProfile {

    static final String PORT = "replay-test.ami-port";

    @Override
    public Map<String, String> getConfigOverrides() {
        // Offers expire after 4 s instead of 15 s: 13 waits for the service to withdraw an expired offer.
        return Map.of("switchboard.channels.asterisk.ami.port", Integer.toString(port()),
                "switchboard.routing.offer-timeout.voice", "PT4S");
    }

    static synchronized int port() {
        String chosen = System.getProperty(PORT);
        if (chosen == null) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                chosen = Integer.toString(probe.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, chosen);
        }
        return Integer.parseInt(chosen);
    }
}
