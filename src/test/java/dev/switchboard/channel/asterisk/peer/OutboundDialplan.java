package dev.switchboard.channel.asterisk.peer;

/**
 * The lab's [sb-outbound]: NoOp, Dial(PJSIP/${EXTEN}@sipp,30), NoOp(DIALSTATUS), Hangup() (06). The customer
 * is a trunk channel PJSIP/sipp-xxxxxxxx; its device behaviour is keyed by the dialled number.
 */
final class OutboundDialplan {

    static final int DIAL_SECONDS = 30;

    private final CallModel model;

    OutboundDialplan(CallModel model) {
        this.model = model;
    }

    static String dialData(String number) {
        return "PJSIP/" + number + "@" + CallModel.TRUNK + "," + DIAL_SECONDS;
    }

    /** Dials the customer for a channel already at sb-outbound priority 2; returns the leg, or null. */
    PeerChannel ringCustomer(PeerChannel dialler, String number) {
        return model.dialing.ring(dialler, "PJSIP/" + CallModel.TRUNK, number, number + "@" + CallModel.TRUNK,
                "AppDial", DIAL_SECONDS, null, new DialOutcome() {
                    @Override
                    public void answered(PeerChannel leg) {
                        model.bridging.bridgeAnswered(leg, dialler);
                    }

                    @Override
                    public void notAnswered(String dialStatus) {
                        // not in a recording: the rest of [sb-outbound] after a failed Dial
                        model.emit(AmiEvents.varSet(dialler, "DIALSTATUS", dialStatus));
                        model.step(dialler, "sb-outbound", dialler.exten, 3, "NoOp", "SB DIALSTATUS=" + dialStatus);
                        model.step(dialler, "sb-outbound", dialler.exten, 4, "Hangup", "");
                        model.end(dialler, HangupCause.NORMAL_CLEARING);
                    }
                });
    }
}
