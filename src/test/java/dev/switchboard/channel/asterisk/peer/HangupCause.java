package dev.switchboard.channel.asterisk.peer;

/** Q.850 causes with Asterisk's Cause-txt wording (ast_cause2str). */
public enum HangupCause {
    /** Cause 0: a ringing leg cancelled after NOANSWER, or a Local channel. */
    UNKNOWN(0, "Unknown"),
    NORMAL_CLEARING(16, "Normal Clearing"),
    /** Not in a recording: a 486 from the phone (chan_pjsip maps it to AST_CAUSE_BUSY). */
    USER_BUSY(17, "User busy"),
    /** Not in a recording: AST_CAUSE_UNREGISTERED, an endpoint without a contact. */
    SUBSCRIBER_ABSENT(20, "Subscriber absent"),
    /** Not in a recording: a bridge Asterisk cannot make compatible (no codec translation path). */
    BEARER_CAPABILITY_NOT_AVAILABLE(58, "Bearer capability not available");

    final int code;
    final String text;

    HangupCause(int code, String text) {
        this.code = code;
        this.text = text;
    }
}
