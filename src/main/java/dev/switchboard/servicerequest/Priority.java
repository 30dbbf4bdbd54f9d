package dev.switchboard.servicerequest;

/** How urgent a service request is. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT
}
