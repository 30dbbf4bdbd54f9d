package dev.switchboard.channel.asterisk.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The peer's scripted view of Asterisk's channels: tests drive calls with these methods and the
 * model emits the AMI events the lab Asterisk 22 produced for the same dialplan steps.
 */
public final class CallModel {

    private final Map<String, PeerChannel> channels = new LinkedHashMap<>();
    private final Map<String, PeerBridge> bridges = new LinkedHashMap<>();
    private final AtomicInteger channelSequence = new AtomicInteger();
    private final AtomicInteger uniqueSequence = new AtomicInteger();
    private final long epoch = System.currentTimeMillis() / 1000;
    private final Consumer<AmiFrame> events;

    CallModel(Consumer<AmiFrame> events) {
        this.events = events;
    }

    private String nextUniqueid() {
        return epoch + "." + uniqueSequence.getAndIncrement();
    }

    private PeerChannel create(String endpoint, String linkedid) {
        String name = String.format("%s-%08x", endpoint, channelSequence.getAndIncrement());
        String uniqueid = nextUniqueid();
        PeerChannel channel = new PeerChannel(name, uniqueid, linkedid == null ? uniqueid : linkedid);
        channels.put(name, channel);
        return channel;
    }

    private void step(PeerChannel c, String context, String exten, int priority, String app, String data) {
        c.context = context;
        c.exten = exten;
        c.priority = priority;
        c.application = app;
        c.applicationData = data;
        events.accept(AmiEvents.newexten(c));
    }

    /** A PSTN caller dials a DID: [inbound] hands it to sb-inbound, which answers (AGI comes next). */
    public synchronized String inboundCall(String callerNum, String callerName, String did) {
        PeerChannel c = create("PJSIP/sipp", null);
        c.state = 4;
        c.callerIdNum = callerNum;
        c.callerIdName = callerName;
        c.context = "inbound";
        c.exten = did;
        c.dnid = did;
        events.accept(AmiEvents.newchannel(c));
        step(c, "inbound", did, 1, "Goto", "sb-inbound,${EXTEN},1");
        step(c, "sb-inbound", did, 1, "Set", "__SB_DID=" + did);
        events.accept(AmiEvents.varSet(c, "__SB_DID", did));
        step(c, "sb-inbound", did, 2, "Goto", "s,1");
        step(c, "sb-inbound", "s", 1, "NoOp", "SB inbound ${CALLERID(num)} -> ${SB_DID}");
        step(c, "sb-inbound", "s", 2, "Answer", "");
        c.state = 6;
        events.accept(AmiEvents.newstate(c));
        step(c, "sb-inbound", "s", 3, "AGI", "agi://127.0.0.1:4573/inbound");
        return c.name;
    }

    /** The AGI script returned: the dialplan parks the caller in music on hold. */
    public synchronized void hold(String channelName) {
        PeerChannel c = require(channelName);
        step(c, "sb-inbound", "hold", 1, "NoOp", "SB holding ${CHANNEL}");
        step(c, "sb-inbound", "hold", 2, "MusicOnHold", "default");
        events.accept(AmiEvents.musicOnHoldStart(c));
    }

    /** Redirect of a held caller into sb-agent: Dial(PJSIP/<agent>,15,t); returns the ringing agent channel. */
    synchronized String redirectToAgent(PeerChannel caller, String agent) {
        if ("MusicOnHold".equals(caller.application)) {
            events.accept(AmiEvents.musicOnHoldStop(caller));
        }
        if (!caller.bridgeId.isEmpty()) {
            leaveBridgeForRedirect(caller);
        }
        step(caller, "sb-agent", agent, 1, "NoOp", "SB offering " + caller.linkedid + " to agent " + agent);
        step(caller, "sb-agent", agent, 2, "Dial", "PJSIP/" + agent + ",15,t");
        PeerChannel leg = create("PJSIP/" + agent, caller.linkedid);
        leg.state = 0;
        leg.callerIdNum = agent;
        leg.callerIdName = "<unknown>";
        leg.context = "internal";
        leg.exten = "s";
        events.accept(AmiEvents.newchannel(leg));
        leg.exten = agent;
        leg.application = "AppDial";
        leg.applicationData = "(Outgoing Line)";
        events.accept(AmiEvents.newexten(leg));
        leg.connectedNum = caller.callerIdNum;
        leg.connectedName = caller.callerIdName;
        events.accept(AmiEvents.dial("DialBegin", caller, leg, "DialString", agent));
        leg.state = 5;
        events.accept(AmiEvents.newstate(leg));
        events.accept(AmiEvents.dial("DialState", caller, leg, "DialStatus", "RINGING"));
        return leg.name;
    }

    /** 04b: a Redirect of a bridged caller dissolves the bridge and hangs up the agent leg (no transfer event). */
    private void leaveBridgeForRedirect(PeerChannel caller) {
        PeerBridge bridge = bridges.remove(caller.bridgeId);
        List<PeerChannel> members = new ArrayList<>(List.of(caller));
        bridge.channels.stream().filter(m -> m != caller).forEach(members::add);
        for (PeerChannel member : members) {
            bridge.channels.remove(member);
            member.bridgeId = "";
            events.accept(AmiEvents.bridgeMember("BridgeLeave", bridge, member));
        }
        events.accept(AmiEvents.bridge("BridgeDestroy", bridge));
        members.stream().filter(m -> m != caller).forEach(m -> end(m, HangupCause.NORMAL_CLEARING));
    }

    /** The ringing agent answers: DialEnd ANSWER and both legs enter a basic bridge. */
    public synchronized String answer(String agentChannel) {
        PeerChannel leg = require(agentChannel);
        PeerChannel caller = callerOf(leg);
        leg.state = 6;
        events.accept(AmiEvents.newstate(leg));
        caller.connectedNum = leg.callerIdNum;
        caller.connectedName = leg.callerIdName;
        events.accept(AmiEvents.dial("DialEnd", caller, leg, "DialStatus", "ANSWER"));
        PeerBridge bridge = new PeerBridge();
        bridges.put(bridge.id, bridge);
        events.accept(AmiEvents.bridge("BridgeCreate", bridge));
        leg.exten = "";
        events.accept(AmiEvents.newexten(leg));
        // the answering leg enters first, as recorded
        for (PeerChannel c : List.of(leg, caller)) {
            bridge.channels.add(c);
            c.bridgeId = bridge.id;
            events.accept(AmiEvents.bridgeMember("BridgeEnter", bridge, c));
        }
        return bridge.id;
    }

    /** The agent does not answer within the Dial timeout: NOANSWER, the caller goes back to hold. */
    public synchronized void ringNoAnswer(String agentChannel) {
        PeerChannel leg = require(agentChannel);
        PeerChannel caller = callerOf(leg);
        events.accept(AmiEvents.dial("DialEnd", caller, leg, "DialStatus", "NOANSWER"));
        events.accept(AmiEvents.varSet(caller, "DIALSTATUS", "NOANSWER"));
        step(caller, "sb-agent", caller.exten, 3, "Goto", "sb-inbound,hold,1");
        step(caller, "sb-inbound", "hold", 1, "NoOp", "SB holding ${CHANNEL}");
        step(caller, "sb-inbound", "hold", 2, "MusicOnHold", "default");
        events.accept(AmiEvents.musicOnHoldStart(caller));
        end(leg, HangupCause.UNKNOWN);
    }

    /**
     * One party hangs up. A held caller: HangupRequest without cause. A bridged party: its peer is hung
     * up too, and the dialling channel (the caller running Dial) gets the SoftHangupRequest, as recorded.
     */
    public synchronized void hangup(String channelName) {
        PeerChannel c = require(channelName);
        if (c.bridgeId.isEmpty()) {
            events.accept(AmiEvents.hangupRequest(c, null));
            if ("MusicOnHold".equals(c.application)) {
                events.accept(AmiEvents.musicOnHoldStop(c));
            }
            events.accept(AmiEvents.softHangupRequest(c, 16));
            end(c, HangupCause.NORMAL_CLEARING);
            return;
        }
        events.accept(AmiEvents.hangupRequest(c, 16));
        PeerBridge bridge = bridges.remove(c.bridgeId);
        List<PeerChannel> members = new ArrayList<>(List.of(c));
        bridge.channels.stream().filter(m -> m != c).forEach(members::add);
        PeerChannel dialler = members.stream().filter(m -> !"AppDial".equals(m.application)).findFirst().orElse(c);
        for (PeerChannel member : members) {
            bridge.channels.remove(member);
            member.bridgeId = "";
            events.accept(AmiEvents.bridgeMember("BridgeLeave", bridge, member));
            if (member == c && c == dialler) {
                events.accept(AmiEvents.softHangupRequest(c, 16));
            }
        }
        events.accept(AmiEvents.bridge("BridgeDestroy", bridge));
        if (c != dialler) {
            events.accept(AmiEvents.softHangupRequest(dialler, 16));
        }
        for (PeerChannel member : members) {
            end(member, HangupCause.NORMAL_CLEARING);
        }
    }

    private void end(PeerChannel c, HangupCause cause) {
        channels.remove(c.name);
        events.accept(AmiEvents.hangup(c, cause));
    }

    private PeerChannel callerOf(PeerChannel leg) {
        return channels.values().stream()
                .filter(c -> c.uniqueid.equals(leg.linkedid))
                .findFirst().orElseThrow(() -> new IllegalStateException("no caller for " + leg.name));
    }

    private PeerChannel require(String name) {
        PeerChannel c = channels.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no such channel " + name);
        }
        return c;
    }

    synchronized PeerChannel find(String name) {
        return channels.get(name);
    }

    synchronized List<PeerChannel> snapshot() {
        return List.copyOf(channels.values());
    }

    /** Asterisk restarted: every channel is gone without events. */
    synchronized void clear() {
        channels.clear();
        bridges.clear();
    }

    /** Originate of an endpoint into an application (async): the channel is answered and runs it. */
    synchronized PeerChannel originateApplication(String endpoint, String app, String data, String cidNum, String cidName) {
        PeerChannel c = create(endpoint, null);
        c.state = 6;
        c.callerIdNum = cidNum;
        c.callerIdName = cidName;
        c.connectedNum = cidNum;
        c.connectedName = cidName;
        c.context = "default";
        c.exten = "s";
        c.application = app;
        c.applicationData = data;
        events.accept(AmiEvents.newchannel(c));
        return c;
    }

    /** Originate of an endpoint into a dialplan context. */
    synchronized PeerChannel originateExten(String endpoint, String context, String exten, int priority, String cidNum, String cidName) {
        PeerChannel c = create(endpoint, null);
        c.state = 0;
        c.callerIdNum = cidNum;
        c.callerIdName = cidName;
        c.context = context;
        c.exten = exten;
        events.accept(AmiEvents.newchannel(c));
        c.state = 6;
        events.accept(AmiEvents.newstate(c));
        step(c, context, exten, priority, "NoOp", "");
        return c;
    }

    /** Bridge action: two channels into a new basic bridge. */
    synchronized void bridge(PeerChannel first, PeerChannel second) {
        PeerBridge bridge = new PeerBridge();
        bridges.put(bridge.id, bridge);
        events.accept(AmiEvents.bridge("BridgeCreate", bridge));
        for (PeerChannel c : List.of(first, second)) {
            bridge.channels.add(c);
            c.bridgeId = bridge.id;
            events.accept(AmiEvents.bridgeMember("BridgeEnter", bridge, c));
        }
    }
}
