package dev.switchboard.channel.asterisk.peer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AMI Atxfer as recorded in 05: the action queues the atxfer DTMF (*2 + exten) on the transferer, which holds
 * the caller and consults the target through a Local/<exten>@<context> pair in a second bridge. Completion (the
 * transferer hangs up) merges the bridges; cancel (the consult channel is hung up) returns the transferer.
 */
final class AttendedTransfer {

    /** One transfer in progress: the caller's bridge A, the consult bridge B, the Local pair. */
    private record Consult(PeerChannel transferer, PeerChannel caller, PeerBridge original, PeerBridge consult,
            PeerChannel one, PeerChannel two) {
    }

    private final CallModel model;
    private final AtomicInteger localSequence = new AtomicInteger();
    private final Map<PeerChannel, Consult> consults = new HashMap<>();

    AttendedTransfer(CallModel model) {
        this.model = model;
    }

    void start(PeerChannel transferer, String exten, String context) {
        model.emit(AmiEvents.varSet(transferer, "TRANSFER_CONTEXT", context));
        dtmf(transferer, "*2");
        PeerChannel caller = model.phones.bridgedPeer(transferer);
        if (caller == null || model.device(exten).isOutsideDialplan()) {
            // not recorded: outside a bridge the digits are just received
            dtmf(transferer, exten);
            return;
        }
        model.phones.hold(transferer);
        dtmf(transferer, exten);
        PeerBridge original = model.bridges.get(transferer.bridgeId);
        String base = String.format("Local/%s@%s-%08x", exten, context, localSequence.getAndIncrement());
        PeerChannel one = local(base + ";1", caller.linkedid, context, exten, 0);
        PeerChannel two = local(base + ";2", caller.linkedid, context, exten, 4);
        one.localPeer = two;
        two.localPeer = one;
        model.emit(AmiEvents.newchannel(one));
        model.emit(AmiEvents.newchannel(two));
        PeerBridge consult = new PeerBridge();
        model.bridges.put(consult.id, consult);
        model.emit(AmiEvents.bridge("BridgeCreate", consult));
        two.callerIdNum = transferer.callerIdNum;
        model.emit(AmiEvents.header("LocalBridge", "call,all").addAll(one.block("LocalOne")).addAll(two.block("LocalTwo"))
                .add("Context", context).add("Exten", exten).add("LocalOptimization", "Yes"));
        model.step(two, context, exten, 1, "NoOp", "SB offering " + two.uniqueid + " to agent " + exten);
        one.connectedNum = transferer.callerIdNum;
        model.bridging.enter(consult, one);
        model.step(two, context, exten, 2, "Dial", model.inbound.agentDialData(two, exten));
        model.bridging.leave(original, transferer);
        model.bridging.enter(consult, transferer);
        consults.put(transferer, new Consult(transferer, caller, original, consult, one, two));
        model.dialing.ring(two, "PJSIP/" + exten, exten, exten, "AppDial", InboundDialplan.ringSeconds(two), null, new DialOutcome() {
            @Override
            public void answered(PeerChannel target) {
                targetAnswered(two, target);
            }

            @Override
            public void notAnswered(String dialStatus) {
                // not recorded: ;2 follows the lab dialplan back to hold until the app cancels the consult
                model.inbound.backToHold(two, dialStatus);
            }
        });
    }

    /** 05: ;2 comes up, bridges with the target, then ;1 reports the answer to the Atxfer's dial. */
    private void targetAnswered(PeerChannel two, PeerChannel target) {
        two.state = 6;
        model.emit(AmiEvents.newstate(two));
        PeerBridge bridge = new PeerBridge();
        model.bridges.put(bridge.id, bridge);
        model.emit(AmiEvents.bridge("BridgeCreate", bridge));
        target.exten = "";
        model.emit(AmiEvents.newexten(target));
        model.bridging.enter(bridge, target);
        PeerChannel one = two.localPeer;
        one.state = 6;
        model.emit(AmiEvents.newstate(one));
        model.emit(AmiEvents.dial("DialEnd", null, one, "DialStatus", "ANSWER"));
        model.bridging.enter(bridge, two);
    }

    boolean consulting(PeerChannel transferer) {
        return consults.containsKey(transferer);
    }

    /** The transferer hangs up while consulting: BridgeMerge of B into A, AttendedTransfer, as in 05. */
    void complete(PeerChannel transferer) {
        Consult t = consults.remove(transferer);
        transferer.connectedNum = t.one().callerIdNum;
        transferer.connectedName = t.one().callerIdName;
        model.emit(AmiEvents.hangupRequest(transferer, 16));
        model.bridging.leave(t.consult(), transferer);
        model.emit(AmiEvents.header("BridgeMerge", "call,all").addAll(prefixed("To", t.original()))
                .addAll(prefixed("From", t.consult())));
        t.caller().heldByPeer = false;
        model.emit(AmiEvents.musicOnHoldStop(t.caller()));
        t.caller().connectedNum = t.one().callerIdNum;
        t.caller().connectedName = t.one().callerIdName;
        model.bridging.leave(t.consult(), t.one());
        t.one().connectedNum = transferer.callerIdNum;
        model.bridging.enter(t.original(), t.one());
        model.emit(AmiEvents.header("AttendedTransfer", "call,all").add("Result", "Success")
                .addAll(transferer.block("OrigTransferer")).addAll(prefixed("Orig", t.original()))
                .addAll(transferer.block("SecondTransferer")).addAll(prefixed("Second", t.consult()))
                .addAll(t.caller().block("Transferee")).addAll(t.one().block("TransferTarget"))
                .add("IsExternal", "No").add("DestType", "Bridge").add("DestBridgeUniqueid", t.original().id));
        model.bridges.remove(t.consult().id);
        model.emit(AmiEvents.bridge("BridgeDestroy", t.consult()));
        model.end(transferer, HangupCause.NORMAL_CLEARING);
        t.one().connectedNum = t.caller().callerIdNum;
        t.one().connectedName = t.caller().callerIdName;
    }

    private void dtmf(PeerChannel c, String digits) {
        for (char digit : digits.toCharArray()) {
            model.emit(AmiEvents.channel("DTMFEnd", "dtmf,all", c).add("Digit", String.valueOf(digit))
                    .add("DurationMs", "0").add("Direction", "Received"));
        }
    }

    private PeerChannel local(String name, String linkedid, String context, String exten, int state) {
        PeerChannel c = model.createNamed(name, linkedid);
        c.state = state;
        c.callerIdNum = "<unknown>";
        c.callerIdName = "<unknown>";
        c.context = context;
        c.exten = exten;
        return c;
    }

    /** "ToBridgeUniqueid", "OrigBridgeType"...: the bridge block with a prefix. */
    private static AmiFrame prefixed(String prefix, PeerBridge bridge) {
        AmiFrame fields = AmiEvents.bridgeFields(bridge);
        AmiFrame out = new AmiFrame();
        fields.fields().forEach(f -> out.add(prefix + f.getKey(), f.getValue()));
        return out;
    }

    /** The consult in progress that this channel (Local half or target) belongs to, if any. */
    private Consult consultOf(PeerChannel c) {
        return consults.values().stream().filter(t -> t.one() == c || t.two() == c || c.dialler == t.two())
                .findFirst().orElse(null);
    }

    /**
     * Not in a recording: the consult channel (;1, ;2 or the target) is hung up before completion. The consult
     * side goes away, the transferer is moved back into the caller's bridge and the bridge unholds the caller.
     * bridge_basic's bridge_unhold queues the frame without a channel, so no Unhold event is expected.
     */
    boolean cancel(PeerChannel hungUp) {
        Consult t = consultOf(hungUp);
        if (t == null) {
            return false;
        }
        consults.remove(t.transferer());
        PeerChannel target = t.two().dialler == null ? model.hangups.ringingLegOf(t.two()) : null;
        PeerChannel bridgedTarget = model.phones.bridgedPeer(t.two());
        if (bridgedTarget != null) {
            if (hungUp == bridgedTarget) {
                model.emit(AmiEvents.hangupRequest(bridgedTarget, 16));
            }
            PeerBridge c = model.bridges.remove(t.two().bridgeId);
            model.bridging.leave(c, bridgedTarget);
            model.bridging.leave(c, t.two());
            model.emit(AmiEvents.bridge("BridgeDestroy", c));
        } else if (target != null) {
            model.dialing.diallerGone(target);
        }
        model.bridging.leave(t.consult(), t.one());
        if (bridgedTarget != null) {
            model.end(bridgedTarget, HangupCause.NORMAL_CLEARING);
        }
        model.end(t.two(), HangupCause.NORMAL_CLEARING);
        model.end(t.one(), HangupCause.NORMAL_CLEARING);
        model.bridging.leave(t.consult(), t.transferer());
        model.bridges.remove(t.consult().id);
        model.emit(AmiEvents.bridge("BridgeDestroy", t.consult()));
        model.bridging.enter(t.original(), t.transferer());
        t.transferer().holding = false;
        t.caller().heldByPeer = false;
        model.emit(AmiEvents.musicOnHoldStop(t.caller()));
        return true;
    }

    /**
     * After a completed transfer the caller and the target are joined through the Local pair. A BYE on either
     * end tears down both bridges in 05's order (recorded for the target hanging up; the caller's side mirrors it).
     */
    boolean byeThroughLocal(PeerChannel c) {
        PeerChannel o = model.phones.bridgedPeer(c);
        if (o == null || o.localPeer == null || o.localPeer.bridgeId.isEmpty()) {
            return false;
        }
        PeerChannel p = o.localPeer;
        PeerChannel m = model.phones.bridgedPeer(p);
        model.emit(AmiEvents.hangupRequest(c, 16));
        PeerBridge x = model.bridges.remove(c.bridgeId);
        model.bridging.leave(x, c);
        model.bridging.leave(x, o);
        model.emit(AmiEvents.bridge("BridgeDestroy", x));
        model.emit(AmiEvents.softHangupRequest(o, 16));
        model.emit(AmiEvents.hangupRequest(p, 16));
        model.end(o, HangupCause.NORMAL_CLEARING);
        PeerBridge y = model.bridges.remove(p.bridgeId);
        model.bridging.leave(y, p);
        model.end(c, HangupCause.NORMAL_CLEARING);
        if (m != null) {
            model.bridging.leave(y, m);
        }
        model.emit(AmiEvents.bridge("BridgeDestroy", y));
        if (m != null) {
            model.emit(AmiEvents.softHangupRequest(m, 16));
        }
        model.end(p, HangupCause.NORMAL_CLEARING);
        if (m != null) {
            model.end(m, HangupCause.NORMAL_CLEARING);
        }
        return true;
    }
}
