package dev.switchboard.proactive;

/** How serious research staff judge a market event. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
