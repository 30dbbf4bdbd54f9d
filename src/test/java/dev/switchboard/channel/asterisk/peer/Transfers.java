package dev.switchboard.channel.asterisk.peer;

/** AMI BlindTransfer (04): the transferer's bridged peer leaves for Context/Exten, the transferer is hung up. */
final class Transfers {

    private final CallModel model;

    Transfers(CallModel model) {
        this.model = model;
    }

    /** Returns false when the transferer is not in a two-party bridge (Asterisk answers "Transfer invalid"). */
    boolean blind(PeerChannel transferer, String context, String exten) {
        PeerChannel transferee = model.phones.bridgedPeer(transferer);
        if (transferee == null) {
            return false;
        }
        PeerBridge bridge = model.bridges.get(transferer.bridgeId);
        model.phones.unhold(transferer);
        model.emit(AmiEvents.header("BlindTransfer", "call,all").add("Result", "Success")
                .addAll(transferer.block("Transferer")).addAll(transferee.block("Transferee"))
                .addAll(AmiEvents.bridgeFields(bridge))
                .add("IsExternal", "Yes").add("Context", context).add("Extension", exten));
        // as recorded: the async goto shows the new extension at priority 1 with the old application
        model.step(transferee, context, exten, 1, transferee.application, transferee.applicationData);
        leave(bridge, transferee);
        boolean outbound = "sb-outbound".equals(context);
        model.step(transferee, context, exten, 2, "Dial",
                outbound ? OutboundDialplan.dialData(exten) : model.inbound.agentDialData(transferee, exten));
        leave(bridge, transferer);
        model.bridges.remove(bridge.id);
        model.emit(AmiEvents.bridge("BridgeDestroy", bridge));
        model.end(transferer, HangupCause.NORMAL_CLEARING);
        if (outbound) {
            model.outbound.ringCustomer(transferee, exten);
        } else {
            model.inbound.ringAgent(transferee, exten);
        }
        return true;
    }

    private void leave(PeerBridge bridge, PeerChannel c) {
        bridge.channels.remove(c);
        c.bridgeId = "";
        model.emit(AmiEvents.bridgeMember("BridgeLeave", bridge, c));
    }
}
