package dev.switchboard.channel.asterisk.internal;

import org.asteriskjava.manager.event.AttendedTransferEvent;
import org.asteriskjava.manager.event.BlindTransferEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.ChanSpyStartEvent;
import org.asteriskjava.manager.event.ChanSpyStopEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DialStateEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.HoldEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MixMonitorStartEvent;
import org.asteriskjava.manager.event.MixMonitorStopEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ShutdownEvent;
import org.asteriskjava.manager.event.SoftHangupRequestEvent;
import org.asteriskjava.manager.event.UnholdEvent;
import org.asteriskjava.manager.event.VarSetEvent;

/** Maps asterisk-java's mutable event beans to {@link CallEvent}s; everything else is dropped. */
public final class AmiEvents {

    private AmiEvents() {
    }

    /** The call event for an AMI event, or null when the adapter does not act on it. */
    public static CallEvent map(ManagerEvent event) {
        if (event instanceof NewChannelEvent e) {
            return new CallEvent.ChannelCreated(e.getLinkedid(), e.getChannel(), e.getUniqueId(), e.getCallerIdNum());
        }
        if (event instanceof HangupEvent e) {
            return new CallEvent.ChannelHungUp(e.getLinkedId(), e.getChannel(), e.getUniqueId(), e.getCause(),
                    e.getCauseTxt());
        }
        // Only a channel's own request (a BYE) says who hung up; SoftHangupRequest follows as a consequence,
        // with the hang-up's cause (the request's own Cause can be a failed Dial's, left on the channel: 14, 15).
        if (event instanceof HangupRequestEvent e) {
            return new CallEvent.HangupRequested(e.getLinkedId(), e.getChannel(), e.getCause(), false);
        }
        if (event instanceof SoftHangupRequestEvent e) {
            return new CallEvent.HangupRequested(e.getLinkedId(), e.getChannel(), e.getCause(), true);
        }
        if (event instanceof DialBeginEvent e) {
            return new CallEvent.DialStarted(e.getLinkedId(), e.getChannel(), e.getDestChannel(), e.getDestUniqueId());
        }
        if (event instanceof DialStateEvent e) {
            return "RINGING".equals(e.getDialStatus())
                    ? new CallEvent.DialRinging(e.getLinkedId(), e.getChannel(), e.getDestChannel()) : null;
        }
        if (event instanceof DialEndEvent e) {
            return new CallEvent.DialEnded(e.getLinkedId(), e.getChannel(), e.getDestChannel(), e.getDialStatus());
        }
        if (event instanceof BridgeEnterEvent e) {
            return new CallEvent.BridgeEntered(e.getLinkedId(), e.getChannel(), e.getBridgeUniqueId());
        }
        if (event instanceof HoldEvent e) {
            return new CallEvent.HoldChanged(e.getLinkedId(), e.getChannel(), true);
        }
        if (event instanceof UnholdEvent e) {
            return new CallEvent.HoldChanged(e.getLinkedId(), e.getChannel(), false);
        }
        if (event instanceof BlindTransferEvent e) {
            return new CallEvent.BlindTransferred(e.getTransfereeLinkedId(), e.getTransfererChannel(),
                    e.getTransfereeChannel(), e.getContext(), e.getExtension(), e.getResult());
        }
        if (event instanceof AttendedTransferEvent e) {
            return new CallEvent.AttendedTransferred(e.getTransfereeLinkedId(), e.getOrigTransfererChannel(),
                    e.getTransferTargetChannel(), e.getResult());
        }
        if (event instanceof MixMonitorStartEvent e) {
            return new CallEvent.RecordingChanged(e.getLinkedId(), e.getChannel(), true);
        }
        if (event instanceof MixMonitorStopEvent e) {
            return new CallEvent.RecordingChanged(e.getLinkedId(), e.getChannel(), false);
        }
        if (event instanceof VarSetEvent e) {
            String name = e.getVariable();
            return name != null && (name.startsWith("SB_") || name.equals("MIXMONITOR_FILENAME") || name.equals("DIALSTATUS"))
                    ? new CallEvent.VariableSet(e.getLinkedId(), e.getChannel(), name, e.getValue(), e.getContext(),
                            e.getExten()) : null;
        }
        if (event instanceof ChanSpyStartEvent e) {
            return new CallEvent.SpyChanged(e.getSpyeeLinkedId(), e.getSpyerChannel(), e.getSpyeeChannel(), true);
        }
        if (event instanceof ChanSpyStopEvent e) {
            return new CallEvent.SpyChanged(e.getSpyeeLinkedId(), e.getSpyerChannel(), e.getSpyeeChannel(), false);
        }
        if (event instanceof OriginateResponseEvent e) {
            return new CallEvent.OriginateResult(null, e.getActionId(), e.getChannel(), e.getUniqueId(),
                    "Success".equalsIgnoreCase(e.getResponse()), e.getReason());
        }
        if (event instanceof FullyBootedEvent) {
            return new CallEvent.Booted();
        }
        if (event instanceof ShutdownEvent e) {
            return new CallEvent.ShuttingDown(Boolean.TRUE.equals(e.getRestart()));
        }
        return null;
    }
}
