package dev.switchboard.routing.engine;

/** What an agent says about itself: signed off, ready for work, or paused with a reason. */
public enum Presence {
    OFFLINE, AVAILABLE, PAUSED
}
