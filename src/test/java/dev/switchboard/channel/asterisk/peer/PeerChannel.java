package dev.switchboard.channel.asterisk.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A channel in the peer's call model, with the fields Asterisk puts in every channel block. */
final class PeerChannel {

    final String name;
    final String uniqueid;
    final String linkedid;
    final Instant created = Instant.now();
    final Map<String, String> variables = new LinkedHashMap<>();
    int state;
    String callerIdNum;
    String callerIdName;
    String connectedNum = "<unknown>";
    String connectedName = "<unknown>";
    String context;
    String exten;
    int priority = 1;
    String application = "";
    String applicationData = "";
    String bridgeId = "";
    String dnid = "";
    /** The channel whose Dial rings this one (null for an Originate's channel or a caller). */
    PeerChannel dialler;
    /** What the dialplan does when this ringing leg's Dial ends; null once it has ended. */
    DialOutcome outcome;
    /** This phone has put its bridged peer on hold (re-INVITE sendonly). */
    boolean holding;
    /** This channel hears music on hold because its bridged peer holds it. */
    boolean heldByPeer;
    /** The other half of a Local channel pair (;1 for ;2 and back), or null. */
    PeerChannel localPeer;
    /** The channel this supervisor channel listens to with ChanSpy, or null. */
    PeerChannel spying;
    /** The running MixMonitor's id, or null when the channel is not being recorded. */
    String mixMonitorId;
    /** The AGI script sent HANGUP: the channel ends when the script returns. */
    boolean agiHangup;
    /** Ring timeout and device answer timers, cancelled when the Dial ends. */
    final java.util.List<java.util.concurrent.Future<?>> timers = new java.util.ArrayList<>();

    PeerChannel(String name, String uniqueid, String linkedid) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
    }

    static String stateDesc(int state) {
        return switch (state) {
            case 0 -> "Down";
            case 4 -> "Ring";
            case 5 -> "Ringing";
            case 6 -> "Up";
            default -> "Unknown";
        };
    }

    boolean ringing() {
        return outcome != null;
    }

    String type() {
        return name.substring(0, name.indexOf('/'));
    }

    /** The 14 fields of a channel snapshot, optionally prefixed ("Dest", "Transferer"...). */
    AmiFrame block(String prefix) {
        return new AmiFrame()
                .add(prefix + "Channel", name)
                .add(prefix + "ChannelState", Integer.toString(state))
                .add(prefix + "ChannelStateDesc", stateDesc(state))
                .add(prefix + "CallerIDNum", callerIdNum)
                .add(prefix + "CallerIDName", callerIdName)
                .add(prefix + "ConnectedLineNum", connectedNum)
                .add(prefix + "ConnectedLineName", connectedName)
                .add(prefix + "Language", "en")
                .add(prefix + "AccountCode", "")
                .add(prefix + "Context", context)
                .add(prefix + "Exten", exten)
                .add(prefix + "Priority", Integer.toString(priority))
                .add(prefix + "Uniqueid", uniqueid)
                .add(prefix + "Linkedid", linkedid);
    }

    AmiFrame block() {
        return block("");
    }

    long seconds() {
        return Duration.between(created, Instant.now()).toSeconds();
    }

    String duration() {
        long s = seconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
