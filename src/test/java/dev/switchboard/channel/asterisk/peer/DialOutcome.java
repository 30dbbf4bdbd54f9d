package dev.switchboard.channel.asterisk.peer;

/** The dialplan after a Dial: what the dialling side does on answer and on every other DIALSTATUS. */
interface DialOutcome {

    /** The leg answered and is Up; DialEnd is next (an Originate reports OriginateResponse here, 06). */
    default void beforeDialEnd(PeerChannel leg) {
    }

    /** The leg answered; DialEnd ANSWER has been sent. */
    void answered(PeerChannel leg);

    /** NOANSWER, BUSY, CHANUNAVAIL...: DIALSTATUS is set, the dialplan goes on. */
    void notAnswered(String dialStatus);
}
