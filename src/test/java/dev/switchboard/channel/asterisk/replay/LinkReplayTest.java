package dev.switchboard.channel.asterisk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recordings 00, 09, 10, 11 and 12: what the AMI link does with registrations, a reconnect during a call,
 * a fax session it has no part in, an Asterisk restart, and Asterisk's error replies.
 */
@QuarkusTest
@TestProfile(ReplayProfile.class)
class LinkReplayTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshAsterisk() throws Exception {
        ReplayDesk.freshStart();
    }

    /** 00: the service keeps no registration state; the events change nothing and it sends nothing. */
    @Test
    void registrationEventsLeaveTheLinkUpAndAskNothing() throws Exception {
        Replay replay = ReplayLab.replay("00-agent-registration.txt").external("PJSIPShowContacts")
                .external("PJSIPShowAors");
        replay.play();
        assertThat(amiState()).isEqualTo("CONNECTED");
        assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
    }

    /**
     * 09: the link drops while caller and 6001 are bridged (NOT RECORDED: the drop); after the login the
     * service's CoreShowChannels and Status get 09's replies, and the call it picked up again ends as
     * observed, with who hung up.
     */
    @Test
    void afterAReconnectTheBridgedCallIsPickedUpAgainFromCoreShowChannels() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            Recording recording = Recording.read("09-reconcile.txt");
            Replay replay = ReplayLab.replay(recording).external("Originate").external("Status", 0)
                    .external("BridgeList").dropConnectionBefore(recording.actions("CoreShowChannels").get(0)).start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            line.awaitType("assigned");
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.result")).as(tps.prettify()).isEqualTo("customer");
            assertThat(tps.getMap("find { it.kind == 'HUNG_UP' }.data")).containsEntry("cause", 16);
            line.awaitType("wrap-up");
            line.wrapUp(interaction);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    /** 10: a fax between two Local channels; the service's fax AGI is not in the recording (see PEER-NOTES). */
    @Test
    void aFaxSessionsEventsChangeNothingOnTheLink() throws Exception {
        ReplayLab.replay("10-fax-receive.txt").external("Originate").external("FAXSessions").play();
        assertThat(amiState()).isEqualTo("CONNECTED");
        assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
    }

    /** 11: Shutdown, EOF, the port refused, a login before FullyBooted: the health check goes down and up. */
    @Test
    void anAsteriskRestartTakesTheHealthCheckDownAndTheLinkLogsInAgain() throws Exception {
        int logins = ReplayLab.asterisk().logins();
        List<String> states = new CopyOnWriteArrayList<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                states.add(amiState());
            }
        });
        watcher.start();
        try {
            // The restart was an operator's (Command: core restart now), as were driver2's actions.
            ReplayLab.replay("11-restart.txt").external("Command").play();
            await().atMost(ReplayDesk.WAIT).until(() -> "CONNECTED".equals(amiState()));
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertThat(ReplayLab.asterisk().logins()).isGreaterThan(logins);
        assertThat(states).contains("CONNECTED").anyMatch(s -> !"CONNECTED".equals(s));
        assertThat(states.get(states.size() - 1)).isEqualTo("CONNECTED");
    }

    /** 12: a Redirect refused with "Channel does not exist" is a missed offer, unreachable. */
    @Test
    void aRedirectAsteriskRefusesIsAMissedOfferUnreachable() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        Recording answered = Recording.read("01-inbound-answered.txt");
        Recording.Action offer = answered.actions("Redirect").get(0);
        // 12 (connC-11): Response: Error / Message: Channel does not exist: PJSIP/nosuch-00000000
        List<dev.switchboard.channel.asterisk.peer.AmiFrame> refused =
                Recording.read("12-errors.txt").actions("Redirect").get(1).replies();
        try (ReplayDesk.Line line = agent.available(base)) {
            // The Dial never ran: after the refused Redirect only the caller's own hang-up frames of 01 follow.
            Replay replay = ReplayLab.replay(answered.until(offer, LinkReplayTest::callerHangup)).answer(offer, refused)
                    .start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            assertThat(line.awaitType("offer-ended").getString("reason")).isEqualTo("unreachable");
            replay.finish();
            await().atMost(ReplayDesk.WAIT)
                    .until(() -> "ABANDONED".equals(ReplayDesk.interaction(interaction).getString("state")));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.result")).as(tps.prettify())
                    .containsExactly("unreachable");
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    private static boolean callerHangup(Recording.Step step) {
        return step instanceof Recording.Event e && "PJSIP/sipp-00000003".equals(e.frame().get("Channel"))
                && List.of("HangupRequest", "SoftHangupRequest", "Hangup").contains(e.frame().get("Event"));
    }

    private static String amiState() {
        JsonPath checks = Api.asAdmin().get("/q/health/well").then().extract().jsonPath();
        return new JsonPath(checks.prettify()).setRootPath("checks.find { it.name == 'asterisk' }").getString("data.ami");
    }
}
