package dev.switchboard.channel.asterisk.internal;

/**
 * The AMI events the telephony adapter acts on, as our own immutable records. Every call event
 * carries the linkedid, which Asterisk gives every channel of one call (the caller's uniqueid).
 */
public sealed interface CallEvent {

    /** The call the event belongs to, or null for an event about the server. */
    String linkedid();

    /** A channel came into being (the caller, an agent leg, a Local half). */
    record ChannelCreated(String linkedid, String channel, String uniqueid, String callerNum) implements CallEvent {
    }

    /**
     * A channel is to hang up: {@code soft} when Asterisk asks it (a bridge or the dialplan ending it),
     * otherwise its own party's request (a BYE). The first party request of a call tells who hung up;
     * the soft request that follows carries the cause of that hang-up.
     */
    record HangupRequested(String linkedid, String channel, Integer cause, boolean soft) implements CallEvent {
    }

    /** A channel is gone. */
    record ChannelHungUp(String linkedid, String channel, String uniqueid, Integer cause, String causeText)
            implements CallEvent {
    }

    /** A Dial began from {@code channel} to {@code destChannel}. */
    record DialStarted(String linkedid, String channel, String destChannel, String destUniqueid) implements CallEvent {
    }

    /** The dialled phone rings. */
    record DialRinging(String linkedid, String channel, String destChannel) implements CallEvent {
    }

    /** A Dial ended: ANSWER, NOANSWER, BUSY, CONGESTION, CHANUNAVAIL, CANCEL. */
    record DialEnded(String linkedid, String channel, String destChannel, String status) implements CallEvent {
    }

    /** A channel joined a bridge. */
    record BridgeEntered(String linkedid, String channel, String bridge) implements CallEvent {
    }

    /** A channel put its peer on hold ({@code held}) or took it off. */
    record HoldChanged(String linkedid, String channel, boolean held) implements CallEvent {
    }

    /** A blind transfer: the transferer's peer was sent to {@code context}/{@code exten}. */
    record BlindTransferred(String linkedid, String transferer, String transferee, String context, String exten,
                            String result) implements CallEvent {
    }

    /** An attended transfer completed (or failed): the caller now talks to the consulted party. */
    record AttendedTransferred(String linkedid, String transferer, String target, String result)
            implements CallEvent {
    }

    /** MixMonitor started or stopped on a channel. */
    record RecordingChanged(String linkedid, String channel, boolean recording) implements CallEvent {
    }

    /**
     * A channel variable the adapter cares about was set (SB_*, MIXMONITOR_FILENAME, DIALSTATUS), with
     * where in the dialplan the channel was: a Dial's DIALSTATUS names the extension it dials for.
     */
    record VariableSet(String linkedid, String channel, String name, String value, String context, String exten)
            implements CallEvent {
    }

    /** ChanSpy began or ended: a supervisor's channel listens to an agent's. */
    record SpyChanged(String linkedid, String spyer, String spyee, boolean started) implements CallEvent {
    }

    /** The result of an asynchronous Originate ({@code actionId} is ours). */
    record OriginateResult(String linkedid, String actionId, String channel, String uniqueid, boolean success,
                           Integer reason) implements CallEvent {
    }

    /** Asterisk finished booting (after a restart, or at login when already booted). */
    record Booted() implements CallEvent {
        @Override
        public String linkedid() {
            return null;
        }
    }

    /** Asterisk is shutting down or restarting; the connection will drop. */
    record ShuttingDown(boolean restart) implements CallEvent {
        @Override
        public String linkedid() {
            return null;
        }
    }
}
