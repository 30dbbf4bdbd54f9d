package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.internal.BlindTransferAction;
import java.time.Duration;
import org.asteriskjava.manager.action.AtxferAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.event.AttendedTransferEvent;
import org.asteriskjava.manager.event.BlindTransferEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.ChanSpyStartEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DtmfEndEvent;
import org.asteriskjava.manager.event.HoldEvent;
import org.asteriskjava.manager.event.LocalBridgeEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MusicOnHoldStartEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The new call features as asterisk-java 3.41.0 (the adapter's client) sees them: actions accepted, events typed. */
class AsteriskJavaCallFeaturesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private AmiPeer peer;
    private ManagerClients.Client client;
    private String caller;
    private String agent;

    @BeforeEach
    void answeredCall() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
        client = ManagerClients.loggedIn(peer);
        peer.calls().device("6001").answersAfter(Duration.ZERO);
        peer.calls().device("6002").answersAfter(Duration.ofMillis(50));
        caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        peer.calls().hold(caller);
        client.connection().sendAction(new RedirectAction(caller, "sb-agent", "6001", 1));
        await().atMost(WAIT).until(() -> client.of(BridgeEnterEvent.class).size() == 2);
        agent = peer.calls().awaitChannel("6001", WAIT);
    }

    @AfterEach
    void stop() {
        client.connection().logoff();
        peer.close();
    }

    @Test
    void blindTransferThroughACustomAction() throws Exception {
        ManagerResponse response = client.connection().sendAction(new BlindTransferAction(agent, "sb-agent", "6002"));

        assertThat(response.getMessage()).isEqualTo("Transfer succeeded");
        BlindTransferEvent transfer = awaitFirst(BlindTransferEvent.class);
        assertThat(transfer.getTransfererChannel()).isEqualTo(agent);
        assertThat(transfer.getTransfereeChannel()).isEqualTo(caller);
        assertThat(transfer.getExtension()).isEqualTo("6002");
        await().atMost(WAIT).until(() -> client.of(BridgeEnterEvent.class).size() == 4);
    }

    @Test
    void attendedTransferEventsAreTyped() throws Exception {
        ManagerResponse response = client.connection().sendAction(new AtxferAction(agent, "sb-agent", "6002", 1));
        assertThat(response.getMessage()).isEqualTo("Atxfer successfully queued");
        await().atMost(WAIT).until(() -> client.of(BridgeEnterEvent.class).size() == 6);

        peer.calls().hangup(agent);

        AttendedTransferEvent done = awaitFirst(AttendedTransferEvent.class);
        assertThat(done.getTransfereeChannel()).isEqualTo(caller);
        assertThat(done.getDestType()).isEqualTo("Bridge");
        assertThat(client.of(DtmfEndEvent.class)).hasSize(6);
        assertThat(client.of(HoldEvent.class)).singleElement().extracting(HoldEvent::getChannel).isEqualTo(agent);
        assertThat(client.of(MusicOnHoldStartEvent.class)).extracting(MusicOnHoldStartEvent::getChannel).contains(caller);
        assertThat(client.of(LocalBridgeEvent.class)).hasSize(1);
    }

    @Test
    void ringingAgentHungUpOverAmiAndAFailedOriginateAndAListeningSupervisor() throws Exception {
        peer.calls().device("6003").neverAnswers();
        String second = peer.calls().inboundCall("+4930999999", "Other", "8005550100");
        peer.calls().hold(second);
        client.connection().sendAction(new RedirectAction(second, "sb-agent", "6003", 1));
        client.connection().sendAction(new HangupAction(peer.calls().awaitChannel("6003", WAIT)));
        await().atMost(WAIT).until(() -> client.of(DialEndEvent.class).size() == 2);
        assertThat(client.of(DialEndEvent.class).get(1).getDialStatus()).isEqualTo("NOANSWER");

        OriginateAction failing = new OriginateAction();
        failing.setChannel("PJSIP/6003");
        failing.setContext("sb-outbound");
        failing.setExten("4930555000");
        failing.setPriority(1);
        failing.setTimeout(1000L);
        failing.setAsync(true);
        client.connection().sendAction(failing);
        OriginateResponseEvent failure = awaitFirst(OriginateResponseEvent.class);
        assertThat(failure.getResponse()).isEqualTo("Failure");
        assertThat(failure.getReason()).isEqualTo(3);

        OriginateAction listen = new OriginateAction();
        listen.setChannel("PJSIP/6002");
        listen.setContext("sb-spy");
        listen.setExten("6001");
        listen.setPriority(1);
        listen.setVariable("SB_SPY_OPTIONS", "q");
        listen.setAsync(true);
        client.connection().sendAction(listen);
        assertThat(awaitFirst(ChanSpyStartEvent.class).getSpyeeChannel()).isEqualTo(agent);
    }

    private <T extends ManagerEvent> T awaitFirst(Class<T> type) {
        await().atMost(WAIT).until(() -> !client.of(type).isEmpty());
        return client.of(type).get(0);
    }
}
