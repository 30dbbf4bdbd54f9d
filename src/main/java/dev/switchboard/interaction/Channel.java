package dev.switchboard.interaction;

/** The ways a contact reaches us; SYSTEM is for touchpoints the service itself records. */
public enum Channel {
    VOICE, VOIP, FAX, EMAIL, CHAT, SMS, API, SYSTEM
}
