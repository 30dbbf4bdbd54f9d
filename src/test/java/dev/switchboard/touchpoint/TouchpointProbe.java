package dev.switchboard.touchpoint;

import jakarta.enterprise.context.ApplicationScoped;

/** Heard as a socket is: on every instance. */
@ApplicationScoped
public class TouchpointProbe extends RecordingObserver {
}
