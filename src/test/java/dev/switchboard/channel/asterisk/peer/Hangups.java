package dev.switchboard.channel.asterisk.peer;

import java.util.ArrayList;
import java.util.List;

/** How a channel ends: a BYE from its phone, an AMI Hangup, or a Redirect that dissolves its bridge (04b). */
final class Hangups {

    private final CallModel model;

    Hangups(CallModel model) {
        this.model = model;
    }

    /**
     * A BYE. A held caller: HangupRequest without cause. A bridged party: its peer is hung up too, and the
     * dialling channel (the one running Dial) gets the SoftHangupRequest, as recorded in 01 and 02.
     */
    void bye(PeerChannel c) {
        if (model.atxfer.consulting(c)) {
            model.atxfer.complete(c);
            return;
        }
        if (model.atxfer.cancel(c) || model.atxfer.byeThroughLocal(c)) {
            return;
        }
        if (c.spying != null) {
            model.spy.supervisorHangsUp(c);
            return;
        }
        if (c.ringing()) {
            model.dialing.hungUpWhileRinging(c);
            return;
        }
        PeerChannel ringingLeg = ringingLegOf(c);
        if (ringingLeg != null) {
            // not in a recording: the caller gives up while its Dial rings
            model.emit(AmiEvents.hangupRequest(c, null));
            model.dialing.diallerGone(ringingLeg);
            model.end(c, HangupCause.NORMAL_CLEARING);
            return;
        }
        if (c.bridgeId.isEmpty()) {
            model.emit(AmiEvents.hangupRequest(c, null));
            if ("MusicOnHold".equals(c.application)) {
                model.emit(AmiEvents.musicOnHoldStop(c));
            }
            model.emit(AmiEvents.softHangupRequest(c, 16));
            model.end(c, HangupCause.NORMAL_CLEARING);
            return;
        }
        model.emit(AmiEvents.hangupRequest(c, 16));
        PeerBridge bridge = model.bridges.remove(c.bridgeId);
        List<PeerChannel> members = membersStartingWith(bridge, c);
        PeerChannel dialler = members.stream().filter(m -> m.dialler == null).findFirst().orElse(c);
        for (PeerChannel member : members) {
            bridge.channels.remove(member);
            member.bridgeId = "";
            model.emit(AmiEvents.bridgeMember("BridgeLeave", bridge, member));
            if (member == c && c == dialler) {
                model.emit(AmiEvents.softHangupRequest(c, 16));
            }
        }
        model.emit(AmiEvents.bridge("BridgeDestroy", bridge));
        if (c != dialler) {
            model.emit(AmiEvents.softHangupRequest(dialler, 16));
        }
        for (PeerChannel member : members) {
            model.end(member, HangupCause.NORMAL_CLEARING);
        }
    }

    /** AMI Hangup: a ringing leg ends its Dial (see Dialing); anything else is modelled like a BYE (not recorded). */
    void ami(PeerChannel c) {
        bye(c);
    }

    /** 04b: a Redirect of a bridged caller dissolves the bridge and hangs up the other party (no transfer event). */
    void dissolveForRedirect(PeerChannel c) {
        PeerBridge bridge = model.bridges.remove(c.bridgeId);
        List<PeerChannel> members = membersStartingWith(bridge, c);
        for (PeerChannel member : members) {
            bridge.channels.remove(member);
            member.bridgeId = "";
            model.emit(AmiEvents.bridgeMember("BridgeLeave", bridge, member));
        }
        model.emit(AmiEvents.bridge("BridgeDestroy", bridge));
        members.stream().filter(m -> m != c).forEach(m -> model.end(m, HangupCause.NORMAL_CLEARING));
    }

    /** Not recorded: Asterisk drops a bridged call itself: no HangupRequest, soft requests and Hangups with the cause. */
    void dropped(PeerChannel c, HangupCause cause) {
        PeerBridge bridge = model.bridges.remove(c.bridgeId);
        List<PeerChannel> members = bridge == null ? List.of(c) : membersStartingWith(bridge, c);
        for (PeerChannel member : members) {
            if (bridge != null) {
                bridge.channels.remove(member);
                member.bridgeId = "";
                model.emit(AmiEvents.bridgeMember("BridgeLeave", bridge, member));
            }
        }
        if (bridge != null) {
            model.emit(AmiEvents.bridge("BridgeDestroy", bridge));
        }
        for (PeerChannel member : members) {
            model.emit(AmiEvents.softHangupRequest(member, cause.code));
            model.end(member, cause);
        }
    }

    PeerChannel ringingLegOf(PeerChannel dialler) {
        return model.snapshot().stream().filter(l -> l.dialler == dialler && l.ringing()).findFirst().orElse(null);
    }

    private static List<PeerChannel> membersStartingWith(PeerBridge bridge, PeerChannel first) {
        List<PeerChannel> members = new ArrayList<>(List.of(first));
        bridge.channels.stream().filter(m -> m != first).forEach(members::add);
        return members;
    }
}
