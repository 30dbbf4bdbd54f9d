package dev.switchboard.servicerequest;

/** What the customer asks for. */
public enum ServiceRequestType {
    ENQUIRY, REQUEST, COMPLAINT
}
