package dev.switchboard.channel.asterisk.peer;

import java.util.List;

/** Basic bridges: created by app_dial for an answered leg, or by the AMI Bridge action. */
final class Bridging {

    private final CallModel model;

    Bridging(CallModel model) {
        this.model = model;
    }

    /** As app_dial bridges an answered leg: BridgeCreate, the leg's empty Newexten, the leg enters first. */
    PeerBridge bridgeAnswered(PeerChannel leg, PeerChannel dialler) {
        PeerBridge bridge = new PeerBridge();
        model.bridges.put(bridge.id, bridge);
        model.emit(AmiEvents.bridge("BridgeCreate", bridge));
        leg.exten = "";
        model.emit(AmiEvents.newexten(leg));
        for (PeerChannel c : List.of(leg, dialler)) {
            bridge.channels.add(c);
            c.bridgeId = bridge.id;
            model.emit(AmiEvents.bridgeMember("BridgeEnter", bridge, c));
        }
        return bridge;
    }

    /** Bridge action: two channels into a new basic bridge. */
    void bridge(PeerChannel first, PeerChannel second) {
        PeerBridge bridge = new PeerBridge();
        model.bridges.put(bridge.id, bridge);
        model.emit(AmiEvents.bridge("BridgeCreate", bridge));
        for (PeerChannel c : List.of(first, second)) {
            bridge.channels.add(c);
            c.bridgeId = bridge.id;
            model.emit(AmiEvents.bridgeMember("BridgeEnter", bridge, c));
        }
    }

    void enter(PeerBridge bridge, PeerChannel c) {
        bridge.channels.add(c);
        c.bridgeId = bridge.id;
        model.emit(AmiEvents.bridgeMember("BridgeEnter", bridge, c));
    }

    void leave(PeerBridge bridge, PeerChannel c) {
        bridge.channels.remove(c);
        c.bridgeId = "";
        model.emit(AmiEvents.bridgeMember("BridgeLeave", bridge, c));
    }
}
