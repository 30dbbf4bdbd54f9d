package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The lab's [sb-inbound], [sb-agent] and hold dialplan (extensions.conf in the recordings): entry and AGI,
 * music on hold, and the Dial to an agent after a Redirect. Callers hold the model's lock.
 */
final class InboundDialplan {

    private static final Logger LOG = Logger.getLogger(InboundDialplan.class);
    private static final int DEFAULT_RING_SECONDS = 15;

    private final CallModel model;

    InboundDialplan(CallModel model) {
        this.model = model;
    }

    /** [inbound] → sb-inbound (or sb-voip, not recorded: same steps assumed) up to the AGI application. */
    String enter(String context, String callerNum, String callerName, String did, String agiUrl, String arg) {
        synchronized (model) {
            PeerChannel c = model.create("PJSIP/sipp", null);
            c.state = 4;
            c.callerIdNum = callerNum;
            c.callerIdName = callerName;
            c.context = "inbound";
            c.exten = did;
            c.dnid = did;
            model.emit(AmiEvents.newchannel(c));
            model.step(c, "inbound", did, 1, "Goto", context + ",${EXTEN},1");
            model.step(c, context, did, 1, "Set", "__SB_DID=" + did);
            c.variables.put("SB_DID", did);
            model.emit(AmiEvents.varSet(c, "__SB_DID", did));
            model.step(c, context, did, 2, "Goto", "s,1");
            model.step(c, context, "s", 1, "NoOp", "SB inbound ${CALLERID(num)} -> ${SB_DID}");
            model.step(c, context, "s", 2, "Answer", "");
            c.state = 6;
            model.emit(AmiEvents.newstate(c));
            model.step(c, context, "s", 3, "AGI", arg == null ? agiUrl : agiUrl + "," + arg);
            return c.name;
        }
    }

    /** Runs the AGI against the app, then the dialplan after it: hold, or apology and Hangup() when SB_ERROR is set. */
    void runAgi(String channel, String agiUrl, String arg) {
        try {
            model.agi.run(channel, agiUrl, arg);
        } catch (IOException | RuntimeException e) {
            // Asterisk goes on with AGISTATUS=FAILURE; the dialplan below treats it like a script error
            LOG.debugf("AGI on %s failed: %s", channel, e.getMessage());
            synchronized (model) {
                PeerChannel c = model.find(channel);
                if (c != null) {
                    c.variables.putIfAbsent("SB_ERROR", "AGI failed");
                }
            }
        }
        synchronized (model) {
            PeerChannel c = model.find(channel);
            if (c == null) {
                return;
            }
            if (c.agiHangup) {
                // not in a recording: AGI HANGUP soft-hangs-up the channel (ast_softhangup publishes the request)
                model.emit(AmiEvents.softHangupRequest(c, 16));
                model.end(c, HangupCause.NORMAL_CLEARING);
                return;
            }
            model.step(c, c.context, "s", 4, "NoOp", "AGISTATUS=${AGISTATUS} SB_INTERACTION=${SB_INTERACTION}");
            String error = c.variables.get("SB_ERROR");
            if (error == null || error.isEmpty()) {
                model.step(c, c.context, "s", 5, "Goto", "sb-inbound,hold,1");
                hold(c);
                return;
            }
            // not in a recording: the contract's apology, then Hangup(): pbx_builtin_hangup sets cause 16, no request event
            model.step(c, c.context, "s", 5, "Playback", "sb-sorry");
            model.step(c, c.context, "s", 6, "Hangup", "");
            model.end(c, HangupCause.NORMAL_CLEARING);
        }
    }

    /** The lab's hold: [sb-inbound] exten hold, NoOp then MusicOnHold(default) (01, 02). */
    void hold(PeerChannel c) {
        model.step(c, "sb-inbound", "hold", 1, "NoOp", "SB holding ${CHANNEL}");
        model.step(c, "sb-inbound", "hold", 2, "MusicOnHold", "default");
        model.emit(AmiEvents.musicOnHoldStart(c));
    }

    /** Not in a recording: the contract's [sb-hold] s,1 = MusicOnHold(default) in a loop. */
    void holdContract(PeerChannel c) {
        model.step(c, "sb-hold", "s", 1, "MusicOnHold", "default");
        model.emit(AmiEvents.musicOnHoldStart(c));
    }

    /** AMI Redirect: sb-agent dials the agent; sb-hold (contract) and sb-inbound,hold (lab) hold the caller. */
    String redirect(PeerChannel c, String context, String exten) {
        if ("sb-agent".equals(context)) {
            leaveForRedirect(c);
            PeerChannel leg = offer(c, exten);
            return leg == null ? null : leg.name;
        }
        if ("sb-hold".equals(context) || ("sb-inbound".equals(context) && "hold".equals(exten))) {
            leaveForRedirect(c);
            if ("sb-hold".equals(context)) {
                holdContract(c);
            } else {
                hold(c);
            }
        }
        return null;
    }

    /**
     * Leaves what the channel is doing for an AMI Redirect: music on hold stops, a bridge dissolves (04b), a Dial
     * in progress ends with DialEnd CANCEL and its ringing leg is hung up (not recorded).
     */
    void leaveForRedirect(PeerChannel c) {
        PeerChannel ringing = model.hangups.ringingLegOf(c);
        if (ringing != null) {
            model.dialing.diallerGone(ringing);
        }
        if ("MusicOnHold".equals(c.application)) {
            model.emit(AmiEvents.musicOnHoldStop(c));
        }
        if (!c.bridgeId.isEmpty()) {
            model.hangups.dissolveForRedirect(c);
        }
    }

    /** sb-agent: Dial(PJSIP/<agent>,${SB_RING_SECONDS},t); returns the ringing leg, or null when unavailable. */
    PeerChannel offer(PeerChannel caller, String agent) {
        model.step(caller, "sb-agent", agent, 1, "NoOp", "SB offering " + caller.uniqueid + " to agent " + agent);
        model.step(caller, "sb-agent", agent, 2, "Dial", "PJSIP/" + agent + "," + ringSeconds(caller) + ",t");
        return ringAgent(caller, agent);
    }

    /** The Dial of sb-agent priority 2 once its Newexten is out: the agent leg rings. */
    PeerChannel ringAgent(PeerChannel caller, String agent) {
        return model.dialing.ring(caller, "PJSIP/" + agent, agent, agent, "AppDial", ringSeconds(caller), null,
                new DialOutcome() {
                    @Override
                    public void answered(PeerChannel leg) {
                        model.bridging.bridgeAnswered(leg, caller);
                    }

                    @Override
                    public void notAnswered(String dialStatus) {
                        backToHold(caller, dialStatus);
                    }
                });
    }

    /** sb-agent after a Dial that was not answered: Goto(sb-inbound,hold,1) (02). */
    void backToHold(PeerChannel caller, String dialStatus) {
        model.emit(AmiEvents.varSet(caller, "DIALSTATUS", dialStatus));
        model.step(caller, "sb-agent", caller.exten, 3, "Goto", "sb-inbound,hold,1");
        hold(caller);
    }

    /** The Newexten of sb-agent's Dial, as a dialplan step (the Dial itself comes with ringAgent). */
    String agentDialData(PeerChannel caller, String agent) {
        return "PJSIP/" + agent + "," + ringSeconds(caller) + ",t";
    }

    static int ringSeconds(PeerChannel caller) {
        String value = caller.variables.get("SB_RING_SECONDS");
        try {
            return value == null || value.isBlank() ? DEFAULT_RING_SECONDS : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_RING_SECONDS;
        }
    }
}
