package dev.switchboard.channel.asterisk.peer;

import java.time.Instant;

/** Builds events with the header and field order of Asterisk 22 (see the asterisk22 transcripts). */
final class AmiEvents {

    private AmiEvents() {
    }

    static String timestamp() {
        Instant now = Instant.now();
        return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
    }

    static AmiFrame header(String event, String privilege) {
        return AmiFrame.of("Event", event).add("Privilege", privilege).add("Timestamp", timestamp());
    }

    static AmiFrame channel(String event, String privilege, PeerChannel channel) {
        return header(event, privilege).addAll(channel.block());
    }

    static AmiFrame newchannel(PeerChannel c) {
        return channel("Newchannel", "call,all", c);
    }

    static AmiFrame newstate(PeerChannel c) {
        return channel("Newstate", "call,all", c);
    }

    static AmiFrame newexten(PeerChannel c) {
        return channel("Newexten", "dialplan,all", c)
                .add("Extension", c.exten).add("Application", c.application).add("AppData", c.applicationData);
    }

    static AmiFrame varSet(PeerChannel c, String variable, String value) {
        return channel("VarSet", "dialplan,all", c).add("Variable", variable).add("Value", value);
    }

    static AmiFrame musicOnHoldStart(PeerChannel c) {
        return channel("MusicOnHoldStart", "call,all", c).add("Class", "default");
    }

    static AmiFrame musicOnHoldStop(PeerChannel c) {
        return channel("MusicOnHoldStop", "call,all", c);
    }

    static AmiFrame dial(String event, PeerChannel caller, PeerChannel dest, String lastKey, String lastValue) {
        AmiFrame frame = header(event, "call,all");
        if (caller != null) {
            frame.addAll(caller.block());
        }
        return frame.addAll(dest.block("Dest")).add(lastKey, lastValue);
    }

    static AmiFrame bridge(String event, PeerBridge bridge) {
        return header(event, "call,all").addAll(bridgeFields(bridge));
    }

    /** The bridge snapshot block (BridgeUniqueid ... BridgeVideoSourceMode). */
    static AmiFrame bridgeFields(PeerBridge bridge) {
        return new AmiFrame()
                .add("BridgeUniqueid", bridge.id)
                .add("BridgeType", "basic")
                .add("BridgeTechnology", "simple_bridge")
                .add("BridgeCreator", "<unknown>")
                .add("BridgeName", "<unknown>")
                .add("BridgeNumChannels", Integer.toString(bridge.channels.size()))
                .add("BridgeVideoSourceMode", "none");
    }

    static AmiFrame bridgeMember(String event, PeerBridge bridge, PeerChannel c) {
        return bridge(event, bridge).addAll(c.block());
    }

    static AmiFrame hangupRequest(PeerChannel c, Integer cause) {
        AmiFrame frame = channel("HangupRequest", "call,all", c);
        return cause == null ? frame : frame.add("Cause", cause.toString());
    }

    static AmiFrame softHangupRequest(PeerChannel c, int cause) {
        return channel("SoftHangupRequest", "call,all", c).add("Cause", Integer.toString(cause));
    }

    static AmiFrame hangup(PeerChannel c, HangupCause cause) {
        return channel("Hangup", "call,all", c).add("Cause", Integer.toString(cause.code)).add("Cause-txt", cause.text);
    }

    static AmiFrame hold(String event, PeerChannel c) {
        return channel(event, "call,all", c);
    }

    static AmiFrame shutdown() {
        return header("Shutdown", "system,all").add("Shutdown", "Cleanly").add("Restart", "True");
    }

    /** The per-session FullyBooted right after Login: no Timestamp, Uptime before Status. */
    static AmiFrame fullyBootedAtLogin(long uptime, long lastReload) {
        return AmiFrame.of("Event", "FullyBooted").add("Privilege", "system,all")
                .add("Uptime", Long.toString(uptime)).add("LastReload", Long.toString(lastReload))
                .add("Status", "Fully Booted");
    }

    /** The broadcast FullyBooted after a (re)start. */
    static AmiFrame fullyBootedBroadcast(long uptime, long lastReload) {
        return header("FullyBooted", "system,all").add("Status", "Fully Booted")
                .add("Uptime", Long.toString(uptime)).add("LastReload", Long.toString(lastReload));
    }
}
