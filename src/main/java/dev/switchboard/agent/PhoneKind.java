package dev.switchboard.agent;

/**
 * What an agent's phone is, so that telephony provisions the matching endpoint: the console's softphone
 * in a browser, or a SIP phone (a desk phone or a softphone application).
 */
public enum PhoneKind {
    /** The console's softphone: SIP over secure WebSocket, DTLS-SRTP media, ICE. */
    WEBRTC,
    /** A SIP phone: SIP over UDP, TCP or TLS, plain RTP, DTMF as RFC 4733 events. */
    SIP
}
