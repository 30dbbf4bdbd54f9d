package dev.switchboard.channel.asterisk.peer;

import java.time.Duration;

/** What a phone (agent endpoint or customer number) does when the peer rings it; tests arrange it before the call. */
public final class PeerDevice {

    /** How the device reacts to an INVITE. */
    enum Behaviour { MANUAL, ANSWERS, NEVER_ANSWERS, BUSY, UNAVAILABLE }

    private volatile Behaviour behaviour = Behaviour.MANUAL;
    private volatile Duration answerDelay = Duration.ZERO;
    private volatile boolean outsideDialplan;

    /** Rings until the test calls answer/ringNoAnswer or the Dial timeout runs out (the default). */
    public PeerDevice manual() {
        behaviour = Behaviour.MANUAL;
        return this;
    }

    /** Answers (200 OK) after the delay, unless the Dial timeout or a Hangup comes first. */
    public PeerDevice answersAfter(Duration delay) {
        answerDelay = delay;
        behaviour = Behaviour.ANSWERS;
        return this;
    }

    /** Rings until the Dial timeout: DialEnd NOANSWER. */
    public PeerDevice neverAnswers() {
        behaviour = Behaviour.NEVER_ANSWERS;
        return this;
    }

    /** Answers the INVITE with 486: DialEnd BUSY, the leg hangs up with cause 17. */
    public PeerDevice busy() {
        behaviour = Behaviour.BUSY;
        return this;
    }

    /** Not registered (no contact): no channel can be created, DIALSTATUS=CHANUNAVAIL. */
    public PeerDevice unavailable() {
        behaviour = Behaviour.UNAVAILABLE;
        return this;
    }

    /**
     * Not recorded: the agent context has no extension for this endpoint, so an Atxfer to it cannot start
     * its consult leg (Asterisk logs "Unable to acquire target extension for attended transfer" and the
     * digits go nowhere); calls that dial the endpoint directly still reach it.
     */
    public PeerDevice outsideDialplan() {
        outsideDialplan = true;
        return this;
    }

    boolean isOutsideDialplan() {
        return outsideDialplan;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    Duration answerDelay() {
        return answerDelay;
    }
}
