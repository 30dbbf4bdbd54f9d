package dev.switchboard.channel.asterisk.peer;

import java.time.Duration;

/**
 * app_dial as the recordings show it: the ringing leg, DialBegin/DialState/DialEnd, and how each device
 * behaviour ends the Dial. The dialplan around the Dial is the {@link DialOutcome} of the caller.
 */
final class Dialing {

    private final CallModel model;

    Dialing(CallModel model) {
        this.model = model;
    }

    /**
     * Rings an endpoint for a dialler (null for an Originate). Returns the ringing leg, or null when the
     * device is unavailable: ast_request fails, so no channel and no Dial events exist, only DIALSTATUS.
     * An Originate's variables and caller id are set on the leg before DialBegin, as 06 shows.
     */
    PeerChannel ring(PeerChannel dialler, String endpoint, String deviceKey, String dialString, String app,
            int ringSeconds, PeerOriginate.Leg originated, DialOutcome outcome) {
        PeerDevice device = model.device(deviceKey);
        if (dialler != null) {
            // as recorded (01, 02, 13, 13b, 14, 15): every Dial first clears DIALSTATUS, before the leg exists
            model.emit(AmiEvents.varSet(dialler, "DIALSTATUS", ""));
        }
        if (device.behaviour() == PeerDevice.Behaviour.UNAVAILABLE) {
            // not verified against a recording: app_dial's "Unable to create channel" path (cause 20)
            outcome.notAnswered("CHANUNAVAIL");
            return null;
        }
        String linkedid = dialler == null ? null : dialler.linkedid;
        boolean trunk = endpoint.equals("PJSIP/" + CallModel.TRUNK);
        PeerChannel leg = model.create(endpoint, linkedid);
        leg.state = 0;
        // as recorded: an agent leg shows its endpoint as caller id at once; the trunk and originated legs start unknown
        leg.callerIdNum = dialler == null || trunk ? "<unknown>" : deviceKey;
        leg.callerIdName = "<unknown>";
        // the endpoint's own context: sipp (the trunk) lands in [inbound], the phones in [internal]
        leg.context = trunk ? "inbound" : "internal";
        leg.exten = "s";
        leg.dialler = dialler;
        leg.outcome = outcome;
        model.emit(AmiEvents.newchannel(leg));
        if (dialler != null) {
            leg.exten = deviceKey;
        }
        leg.application = app;
        leg.applicationData = "(Outgoing Line)";
        model.emit(AmiEvents.newexten(leg));
        if (dialler != null) {
            if (trunk) {
                leg.callerIdNum = dialler.callerIdNum;
                leg.callerIdName = dialler.callerIdName;
            }
            leg.connectedNum = dialler.callerIdNum;
            leg.connectedName = dialler.callerIdName;
        }
        if (originated != null) {
            // 06: the Originate's variables are set (VarSet) before its caller id
            originated.variables().forEach((k, v) -> {
                leg.variables.put(k, v);
                model.emit(AmiEvents.varSet(leg, k, v));
            });
            leg.callerIdNum = originated.callerId().num();
            leg.callerIdName = originated.callerId().name();
            leg.connectedNum = originated.callerId().num();
            leg.connectedName = originated.callerId().name();
        }
        model.emit(AmiEvents.dial("DialBegin", dialler, leg, "DialString", dialString));
        switch (device.behaviour()) {
            case BUSY -> model.later(leg, Duration.ofMillis(50), () -> busy(leg));
            case ANSWERS -> {
                ringing(leg);
                if (device.answerDelay().toSeconds() < ringSeconds) {
                    model.later(leg, device.answerDelay(), () -> answer(leg));
                }
                model.later(leg, Duration.ofSeconds(ringSeconds), () -> noAnswer(leg));
            }
            default -> {
                ringing(leg);
                model.later(leg, Duration.ofSeconds(ringSeconds), () -> noAnswer(leg));
            }
        }
        return leg;
    }

    /** Ringing; when a Local ;2 dials, its ;1 rings too and the Atxfer's own dial (no Channel block) reports it (05). */
    private void ringing(PeerChannel leg) {
        leg.state = 5;
        model.emit(AmiEvents.newstate(leg));
        PeerChannel one = leg.dialler == null ? null : leg.dialler.localPeer;
        if (one != null) {
            one.state = 5;
            one.callerIdNum = leg.callerIdNum;
            one.callerIdName = leg.callerIdName;
            model.emit(AmiEvents.newstate(one));
        }
        if (leg.dialler != null) {
            leg.dialler.connectedNum = leg.callerIdNum;
            leg.dialler.connectedName = leg.callerIdName;
        }
        model.emit(AmiEvents.dial("DialState", leg.dialler, leg, "DialStatus", "RINGING"));
        if (one != null) {
            model.emit(AmiEvents.dial("DialState", null, one, "DialStatus", "RINGING"));
        }
    }

    /** 200 OK from the device: DialEnd ANSWER, then the dialler's dialplan (bridge, OriginateResponse...). */
    void answer(PeerChannel leg) {
        DialOutcome outcome = finish(leg);
        leg.state = 6;
        model.emit(AmiEvents.newstate(leg));
        if (leg.dialler != null) {
            leg.dialler.connectedNum = leg.callerIdNum;
            leg.dialler.connectedName = leg.callerIdName;
        }
        outcome.beforeDialEnd(leg);
        if (leg.dialler != null) {
            // as recorded (01): app_dial sets DIALSTATUS=ANSWER as the phone answers, before DialEnd
            model.emit(AmiEvents.varSet(leg.dialler, "DIALSTATUS", "ANSWER"));
        }
        model.emit(AmiEvents.dial("DialEnd", leg.dialler, leg, "DialStatus", "ANSWER"));
        outcome.answered(leg);
    }

    /** The Dial timeout: NOANSWER; as recorded (02) the dialplan goes on before the leg's Hangup arrives. */
    void noAnswer(PeerChannel leg) {
        DialOutcome outcome = finish(leg);
        model.emit(AmiEvents.dial("DialEnd", leg.dialler, leg, "DialStatus", "NOANSWER"));
        outcome.notAnswered("NOANSWER");
        model.end(leg, HangupCause.UNKNOWN);
    }

    /** Not verified against a recording: a 486 is hung up by app_dial right after DialEnd BUSY (cause 17). */
    void busy(PeerChannel leg) {
        DialOutcome outcome = finish(leg);
        model.emit(AmiEvents.dial("DialEnd", leg.dialler, leg, "DialStatus", "BUSY"));
        model.end(leg, HangupCause.USER_BUSY);
        outcome.notAnswered("BUSY");
    }

    /**
     * Not verified against a recording: an AMI Hangup of the ringing leg. manager.c soft-hangs it up
     * without a cause and without an event; app_dial reads the hang-up, maps cause 0 to DialEnd NOANSWER
     * (ast_hangup_cause_to_dial_status) and counts it as "no channel" (handle_cause), so DIALSTATUS=CHANUNAVAIL.
     */
    void hungUpWhileRinging(PeerChannel leg) {
        DialOutcome outcome = finish(leg);
        model.emit(AmiEvents.dial("DialEnd", leg.dialler, leg, "DialStatus", "NOANSWER"));
        model.end(leg, HangupCause.UNKNOWN);
        outcome.notAnswered("CHANUNAVAIL");
    }

    /** Not verified against a recording: the dialler hangs up while its leg rings: DialEnd CANCEL, the leg is hung up. */
    void diallerGone(PeerChannel leg) {
        finish(leg);
        model.emit(AmiEvents.dial("DialEnd", leg.dialler, leg, "DialStatus", "CANCEL"));
        model.end(leg, HangupCause.NORMAL_CLEARING);
    }

    private DialOutcome finish(PeerChannel leg) {
        DialOutcome outcome = leg.outcome;
        if (outcome == null) {
            throw new IllegalStateException(leg.name + " is not ringing");
        }
        leg.outcome = null;
        leg.timers.forEach(t -> t.cancel(false));
        leg.timers.clear();
        return outcome;
    }
}
