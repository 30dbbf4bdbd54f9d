package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.StatusAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ShutdownEvent;
import org.asteriskjava.manager.event.StatusEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A network drop keeps the calls (unlike restart); after the reconnect the 09 reconcile lists show the survivors. */
class NetworkDropTranscriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CallHarness h;
    private ScriptedAgiApp app;
    private ManagerClients.Client client;
    private String bridged;
    private String held;

    @BeforeEach
    void twoCalls() throws Exception {
        h = new CallHarness();
        app = new ScriptedAgiApp("SET VARIABLE SB_INTERACTION 42");
        client = ManagerClients.loggedIn(h.peer);
        h.peer.calls().device("6001").answersAfter(Duration.ZERO);
        bridged = h.peer.calls().inboundCall("sb-inbound", "+4930123456", "Customer", "8005550100", app.url());
        h.awaitCount("MusicOnHoldStart", 1);
        h.redirect(bridged, "sb-agent", "6001");
        h.awaitCount("BridgeEnter", 2);
        held = h.peer.calls().inboundCall("sb-inbound", "+4930777777", "Other", "8005550100", app.url());
        h.awaitCount("MusicOnHoldStart", 2);
    }

    @AfterEach
    void stop() throws Exception {
        client.connection().logoff();
        app.close();
        h.close();
    }

    @Test
    void callsSurviveADropAndTheReconcileListsShowThemWithTheirVariables() throws Exception {
        h.peer.dropConnections(Duration.ofMillis(500));
        h.peer.calls().hangup(held);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.connection().getState() == ManagerConnectionState.CONNECTED && h.peer.sessionCount() == 1);

        assertThat(client.of(ShutdownEvent.class)).isEmpty();
        assertThat(client.of(HangupEvent.class)).as("the hang-up during the gap is lost").isEmpty();
        ResponseEvents list = client.connection().sendEventGeneratingAction(new CoreShowChannelsAction());
        assertThat(list.getEvents().stream().filter(CoreShowChannelEvent.class::isInstance)
                .map(e -> ((CoreShowChannelEvent) e).getChannel()))
                .containsExactly(bridged, h.peer.calls().awaitChannel("6001", WAIT));
        StatusAction status = new StatusAction(bridged);
        status.setVariables("SB_INTERACTION");
        ResponseEvents statuses = client.connection().sendEventGeneratingAction(status);
        StatusEvent item = (StatusEvent) statuses.getEvents().stream().filter(StatusEvent.class::isInstance).findFirst().orElseThrow();
        assertThat(item.getVariables()).containsEntry("SB_INTERACTION", "42");
    }

    @Test
    void statusAfterTheDropIsLaidOutAs09() throws Exception {
        h.peer.dropConnections();
        assertThat(h.peer.calls().snapshot()).hasSize(3);

        try (RawAmiClient driver = new RawAmiClient(h.peer.port())) {
            driver.send(List.of("Action: Login", "ActionID: driver-16", "Username: ccapp", "Secret: ccapp-secret", "Events: off"));
            driver.nextReply();
            driver.send(List.of("Action: Status", "ActionID: driver-21", "Channel: " + bridged, "Variables: SB_INTERACTION,SB_DID"));
            driver.nextReply();

            List<String> recorded = Transcript.read("09-reconcile.txt").stream().map(Transcript.Entry::lines)
                    .filter(l -> l.contains("ActionID: driver-21") && l.get(0).equals("Event: Status")).findFirst().orElseThrow();
            // the 09 caller's AGI ran in [sb-inbound]; the Status layout and variables must match
            assertThat(WireMask.mask(driver.nextReply())).isEqualTo(WireMask.mask(recorded));
        }
    }
}
