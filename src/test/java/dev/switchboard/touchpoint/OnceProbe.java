package dev.switchboard.touchpoint;

import jakarta.enterprise.context.ApplicationScoped;

/** Heard as a write to the records is: once per event, at the publishing instance. */
@ApplicationScoped
public class OnceProbe extends RecordingObserver {

    @Override
    public boolean eachInstance() {
        return false;
    }
}
