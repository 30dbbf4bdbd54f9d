package dev.switchboard.console;

import dev.switchboard.console.sip.KamailioPeer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * A Kamailio registrar for the console's softphone: started before the service, which then hands it to the
 * console as the agents' softphone settings ({@code softphone.wss-url} and {@code softphone.domain}; the page's CSP
 * lets it connect there). Its own profile because the port is only known once Kamailio runs.
 */
public class SoftphoneKamailio implements QuarkusTestResourceLifecycleManager {

    private static volatile KamailioPeer peer;

    /** The running Kamailio of this profile. */
    public static KamailioPeer peer() {
        return peer;
    }

    @Override
    public Map<String, String> start() {
        peer = KamailioPeer.start();
        return Map.of("switchboard.channels.asterisk.softphone.wss-url", peer.wsUrl(),
                "switchboard.channels.asterisk.softphone.domain", peer.domain());
    }

    @Override
    public void stop() {
        if (peer != null) {
            peer.close();
            peer = null;
        }
    }

    /** The test profile that runs the service with {@link SoftphoneKamailio}. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SoftphoneKamailio.class));
        }
    }
}
