package dev.switchboard.customer;

/** The kinds of address a customer can be reached at. */
public enum ContactPointType {
    PHONE, EMAIL, FAX, CHAT_VISITOR, SIP_URI
}
