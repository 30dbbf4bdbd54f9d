package dev.switchboard.channel.asterisk.peer;

import java.util.List;

/**
 * [sb-spy] as recorded in 08: NoOp, Answer, ChanSpy on the agent's channel (ChanSpyStart with Spyer and Spyee
 * blocks). Option E: when the spied channel hangs up, ChanSpyStop comes before its Hangup and the supervisor's
 * channel runs Hangup().
 */
final class SupervisorSpy {

    private final CallModel model;

    SupervisorSpy(CallModel model) {
        this.model = model;
    }

    /** The lab's ChanSpy(PJSIP/${EXTEN},qE), or the contract's ChanSpy(PJSIP/${EXTEN}-,${SB_SPY_OPTIONS}E). */
    void enter(PeerChannel spyer, String agent) {
        String options = spyer.variables.get("SB_SPY_OPTIONS");
        String data = options == null ? "PJSIP/" + agent + ",qE" : "PJSIP/" + agent + "-," + options + "E";
        model.step(spyer, "sb-spy", agent, 1, "NoOp", "SB supervisor listens to " + agent);
        model.step(spyer, "sb-spy", agent, 2, "Answer", "");
        model.step(spyer, "sb-spy", agent, 3, "ChanSpy", data);
    }

    /** ChanSpy finds the agent's newest channel; without one it keeps waiting (no event; not modelled further). */
    void start(PeerChannel spyer, String agent) {
        PeerChannel spyee = null;
        for (PeerChannel c : model.snapshot()) {
            if (c.name.startsWith("PJSIP/" + agent + "-") && c != spyer) {
                spyee = c;
            }
        }
        if (spyee != null) {
            spyer.spying = spyee;
            model.emit(event("ChanSpyStart", spyer, spyee));
        }
    }

    /** Called just before a channel's Hangup event: its spies stop first (08). */
    List<PeerChannel> stopSpiesOn(PeerChannel spyee) {
        List<PeerChannel> spyers = model.snapshot().stream().filter(s -> s.spying == spyee).toList();
        spyers.forEach(s -> model.emit(event("ChanSpyStop", s, spyee)));
        return spyers;
    }

    /** After the spied channel's Hangup: option E ends ChanSpy, the supervisor's channel runs Hangup() (08). */
    void spiesLeave(List<PeerChannel> spyers) {
        for (PeerChannel s : spyers) {
            s.spying = null;
            model.step(s, "sb-spy", s.exten, 4, "Hangup", "");
            model.emit(AmiEvents.softHangupRequest(s, 16));
            model.end(s, HangupCause.NORMAL_CLEARING);
        }
    }

    /** Not in a recording: the supervisor hangs up while listening. */
    void supervisorHangsUp(PeerChannel spyer) {
        model.emit(AmiEvents.hangupRequest(spyer, null));
        model.emit(event("ChanSpyStop", spyer, spyer.spying));
        spyer.spying = null;
        model.end(spyer, HangupCause.NORMAL_CLEARING);
    }

    private static AmiFrame event(String name, PeerChannel spyer, PeerChannel spyee) {
        return AmiEvents.header(name, "call,all").addAll(spyer.block("Spyer")).addAll(spyee.block("Spyee"));
    }
}
