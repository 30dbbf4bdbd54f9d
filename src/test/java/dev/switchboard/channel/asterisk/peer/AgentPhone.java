package dev.switchboard.channel.asterisk.peer;

/**
 * What an agent's phone does inside a call: hold and unhold. chan_pjsip raises Hold/Unhold on the phone's own
 * channel; the bridge then plays music to the other party (05: Hold on PJSIP/6001, MusicOnHoldStart on the caller).
 */
final class AgentPhone {

    private final CallModel model;

    AgentPhone(CallModel model) {
        this.model = model;
    }

    void hold(PeerChannel phone) {
        PeerChannel other = bridgedPeer(phone);
        phone.holding = true;
        model.emit(AmiEvents.hold("Hold", phone));
        if (other != null && !other.heldByPeer) {
            other.heldByPeer = true;
            model.emit(AmiEvents.musicOnHoldStart(other));
        }
    }

    /**
     * Unhold, then MusicOnHoldStop on the peer. 04 shows the Unhold alone (BlindTransfer unholds the transferer
     * even when it never held); the Unhold-then-stop order is not in a recording.
     */
    void unhold(PeerChannel phone) {
        PeerChannel other = bridgedPeer(phone);
        phone.holding = false;
        model.emit(AmiEvents.hold("Unhold", phone));
        if (other != null && other.heldByPeer) {
            other.heldByPeer = false;
            model.emit(AmiEvents.musicOnHoldStop(other));
        }
    }

    /** The other channel of the phone's two-party bridge, or null. */
    PeerChannel bridgedPeer(PeerChannel phone) {
        PeerBridge bridge = model.bridges.get(phone.bridgeId);
        if (bridge == null) {
            return null;
        }
        return bridge.channels.stream().filter(c -> c != phone).findFirst().orElse(null);
    }
}
