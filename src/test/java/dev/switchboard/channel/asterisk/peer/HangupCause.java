package dev.switchboard.channel.asterisk.peer;

/** Q.850 causes the transcripts show, with Asterisk's Cause-txt wording. */
public enum HangupCause {
    /** Cause 0: a ringing leg cancelled after NOANSWER, or a Local channel. */
    UNKNOWN(0, "Unknown"),
    NORMAL_CLEARING(16, "Normal Clearing");

    final int code;
    final String text;

    HangupCause(int code, String text) {
        this.code = code;
        this.text = text;
    }
}
