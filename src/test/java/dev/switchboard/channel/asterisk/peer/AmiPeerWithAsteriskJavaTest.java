package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CommandAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.GetVarAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.action.StatusAction;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ShutdownEvent;
import org.asteriskjava.manager.event.StatusEvent;
import org.asteriskjava.manager.response.CommandResponse;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** asterisk-java 3.41.0, the client the adapter will use, against the peer. */
class AmiPeerWithAsteriskJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private AmiPeer peer;
    private ManagerClients.Client client;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").restartDowntime(Duration.ofMillis(300)).start();
        client = ManagerClients.loggedIn(peer);
    }

    @AfterEach
    void stop() {
        client.connection().logoff();
        peer.close();
    }

    @Test
    void managerConnectionLogsInWithMd5ChallengeAndReceivesCallEvents() {
        assertThat(client.connection().getState()).isEqualTo(ManagerConnectionState.CONNECTED);
        assertThat(peer.actionsReceived()).anySatisfy(a -> assertThat(a.get("AuthType")).isEqualToIgnoringCase("md5"));
        assertThat(peer.actionsReceived()).extracting(a -> a.get("Action"))
                .as("asterisk-java reads the version from CoreSettings and needs no CLI fallback")
                .containsExactly("Challenge", "Login", "CoreSettings");

        peer.calls().inboundCall("+4930123456", "Customer", "8005550100");

        await().atMost(WAIT).until(() -> !client.of(NewChannelEvent.class).isEmpty());
        NewChannelEvent event = client.of(NewChannelEvent.class).get(0);
        assertThat(event.getCallerIdNum()).isEqualTo("+4930123456");
        assertThat(event.getExten()).isEqualTo("8005550100");
        assertThat(event.getUniqueId()).isEqualTo(event.getLinkedid());
    }

    @Test
    void coreShowChannelsListsTheHeldCallerAndCompletes() throws Exception {
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        peer.calls().hold(caller);

        ResponseEvents list = client.connection().sendEventGeneratingAction(new CoreShowChannelsAction());

        assertThat(list.getResponse().getResponse()).isEqualTo("Success");
        List<CoreShowChannelEvent> channels = list.getEvents().stream()
                .filter(CoreShowChannelEvent.class::isInstance).map(CoreShowChannelEvent.class::cast).toList();
        assertThat(channels).singleElement().satisfies(c -> {
            assertThat(c.getChannel()).isEqualTo(caller);
            assertThat(c.getApplication()).isEqualTo("MusicOnHold");
        });
    }

    @Test
    void statusWithVariablesReportsTheChannelsVariables() throws Exception {
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        client.connection().sendAction(new SetVarAction(caller, "SB_INTERACTION", "42"));
        StatusAction status = new StatusAction();
        status.setChannel(caller);
        status.setVariables("SB_INTERACTION");

        ResponseEvents result = client.connection().sendEventGeneratingAction(status);

        StatusEvent event = result.getEvents().stream()
                .filter(StatusEvent.class::isInstance).map(StatusEvent.class::cast).findFirst().orElseThrow();
        assertThat(event.getVariables()).containsEntry("SB_INTERACTION", "42");
        assertThat(event.getDnid()).isEqualTo("8005550100");
    }

    @Test
    void originateIsQueuedThenReportedByOriginateResponse() throws Exception {
        peer.calls().device("6001").answersAfter(Duration.ZERO);
        OriginateAction originate = new OriginateAction();
        originate.setChannel("PJSIP/6001");
        originate.setContext("sb-outbound");
        originate.setExten("4930555000");
        originate.setPriority(1);
        originate.setCallerId("\"Customer 4930555000\" <4930555000>");
        originate.setAsync(true);

        ManagerResponse response = client.connection().sendAction(originate);

        assertThat(response.getMessage()).isEqualTo("Originate successfully queued");
        await().atMost(WAIT).until(() -> !client.of(OriginateResponseEvent.class).isEmpty());
        OriginateResponseEvent done = client.of(OriginateResponseEvent.class).get(0);
        assertThat(done.getResponse()).isEqualTo("Success");
        assertThat(done.getReason()).isEqualTo(4);
        assertThat(done.getChannel()).startsWith("PJSIP/6001-");
    }

    @Test
    void redirectRingsTheAgentAnswerBridgesAndCallerHangupEndsBothLegs() throws Exception {
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        peer.calls().hold(caller);

        ManagerResponse response = client.connection().sendAction(new RedirectAction(caller, "sb-agent", "6001", 1));

        assertThat(response.getMessage()).isEqualTo("Redirect successful");
        await().atMost(WAIT).until(() -> !client.of(DialBeginEvent.class).isEmpty());
        String agentLeg = client.of(DialBeginEvent.class).get(0).getDestChannel();
        assertThat(agentLeg).startsWith("PJSIP/6001-");
        peer.calls().answer(agentLeg);
        await().atMost(WAIT).until(() -> client.of(BridgeEnterEvent.class).size() == 2);
        peer.calls().hangup(caller);
        await().atMost(WAIT).until(() -> client.of(HangupEvent.class).size() == 2);
        assertThat(client.of(HangupEvent.class)).allSatisfy(h -> assertThat(h.getCause()).isEqualTo(16));
    }

    @Test
    void hangupActionEndsTheCall() throws Exception {
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");

        ManagerResponse response = client.connection().sendAction(new HangupAction(caller));

        assertThat(response.getMessage()).isEqualTo("Channel Hungup");
        await().atMost(WAIT).until(() -> client.of(HangupEvent.class).size() == 1);
    }

    @Test
    void commandReturnsItsOutputLines() throws Exception {
        ManagerResponse response = client.connection().sendAction(new CommandAction("core show uptime"));

        assertThat(response).isInstanceOf(CommandResponse.class);
        assertThat(((CommandResponse) response).getResult())
                .hasSize(2).first().asString().startsWith("System uptime: ");
    }

    @Test
    void getvarReadsWhatSetvarWrote() throws Exception {
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        client.connection().sendAction(new SetVarAction(caller, "SB_TIER", "GOLD"));

        ManagerResponse value = client.connection().sendAction(new GetVarAction(caller, "SB_TIER"));

        assertThat(value.getAttribute("Value")).isEqualTo("GOLD");
    }

    @Test
    void reconnectsAfterRestartAndFindsNoChannels() throws Exception {
        peer.calls().inboundCall("+4930123456", "Customer", "8005550100");

        peer.restart();

        await().atMost(WAIT).until(() -> !client.of(ShutdownEvent.class).isEmpty());
        assertThat(client.of(ShutdownEvent.class).get(0).getRestart()).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.connection().getState() == ManagerConnectionState.CONNECTED && peer.sessionCount() == 1);
        ResponseEvents list = client.connection().sendEventGeneratingAction(new CoreShowChannelsAction());
        assertThat(list.getEvents()).noneMatch(CoreShowChannelEvent.class::isInstance);
    }
}
