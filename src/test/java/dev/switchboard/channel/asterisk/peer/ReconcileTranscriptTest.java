package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile lists of 09-reconcile (CoreShowChannels, Status) for the same bridged call. */
class ReconcileTranscriptTest {

    private AmiPeer peer;
    private List<Transcript.Entry> recording;
    private RawAmiClient driver;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
        recording = Transcript.read("09-reconcile.txt");
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        peer.calls().hold(caller);
        peer.calls().locked(() -> peer.calls().inbound.redirect(peer.calls().find(caller), "sb-agent", "6001"));
        peer.calls().answer(peer.calls().awaitChannel("6001", Duration.ofSeconds(5)));
        peer.calls().find(caller).variables.put("SB_INTERACTION", "42");
        peer.calls().find(caller).variables.put("SB_DID", "8005550100");
        driver = new RawAmiClient(peer.port());
        driver.send(List.of("Action: Login", "ActionID: driver-16", "Username: ccapp", "Secret: ccapp-secret", "Events: off"));
        driver.nextReply();
    }

    @AfterEach
    void stop() throws Exception {
        driver.close();
        peer.close();
    }

    @Test
    void coreShowChannelsListsTheBridgedCallAsRecorded() throws Exception {
        driver.send(List.of("Action: CoreShowChannels", "ActionID: driver-19"));

        assertThat(WireMask.mask(driver.nextReply())).isEqualTo(WireMask.mask(recordedReply("driver-19", "Response: Success")));
        for (String channel : List.of("PJSIP/sipp-", "PJSIP/6001-")) {
            List<String> item = driver.nextReply();
            assertThat(WireMask.mask(item)).as(channel).isEqualTo(WireMask.mask(recordedItem("driver-19", channel)));
        }
        List<String> complete = driver.nextReply();
        assertThat(WireMask.mask(complete)).isEqualTo(WireMask.mask(recordedReply("driver-19", "Event: CoreShowChannelsComplete"))
                .stream().map(l -> l.replace("ListItems: 4", "ListItems: 2")).toList());
    }

    @Test
    void statusOfOneChannelWithVariablesIsLaidOutAsRecorded() throws Exception {
        String caller = peer.calls().snapshot().get(0).name;
        driver.send(List.of("Action: Status", "ActionID: driver-21", "Channel: " + caller, "Variables: SB_INTERACTION,SB_DID"));

        assertThat(WireMask.mask(driver.nextReply())).isEqualTo(WireMask.mask(recordedReply("driver-21", "Response: Success")));
        assertThat(WireMask.mask(driver.nextReply())).isEqualTo(WireMask.mask(recordedItem("driver-21", "PJSIP/sipp-")));
        assertThat(driver.nextReply()).isEqualTo(recordedReply("driver-21", "Event: StatusComplete"));
    }

    private List<String> recordedReply(String actionId, String firstLine) {
        return recording.stream().map(Transcript.Entry::lines)
                .filter(l -> !l.isEmpty() && l.get(0).equals(firstLine) && l.contains("ActionID: " + actionId))
                .findFirst().orElseThrow();
    }

    private List<String> recordedItem(String actionId, String channelPrefix) {
        return recording.stream().map(Transcript.Entry::lines)
                .filter(l -> l.contains("ActionID: " + actionId) && l.get(0).startsWith("Event: ")
                        && l.stream().anyMatch(line -> line.startsWith("Channel: " + channelPrefix)))
                .findFirst().orElseThrow();
    }
}
