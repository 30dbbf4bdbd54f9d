package dev.switchboard.servicerequest;

/** Where a service request stands. */
public enum ServiceRequestStatus {
    OPEN, PENDING, RESOLVED, CLOSED
}
