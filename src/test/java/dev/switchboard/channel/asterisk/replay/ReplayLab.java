package dev.switchboard.channel.asterisk.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.ConfigProvider;

/** The replaying Asterisk of the test JVM (one, on {@link ReplayProfile}'s port) and new replays on it. */
final class ReplayLab {

    private static ReplayAsterisk asterisk;

    private ReplayLab() {
    }

    static synchronized ReplayAsterisk asterisk() {
        if (asterisk == null) {
            var config = ConfigProvider.getConfig();
            try {
                asterisk = new ReplayAsterisk(config.getValue("switchboard.channels.asterisk.ami.username", String.class),
                        config.getValue("switchboard.channels.asterisk.ami.secret", String.class))
                        .start(ReplayProfile.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return asterisk;
    }

    /** A replay of the recording (a file in src/test/resources/asterisk22) against the service. */
    static Replay replay(String file) {
        return replay(Recording.read(file));
    }

    static Replay replay(Recording recording) {
        int agiPort = ConfigProvider.getConfig().getValue("switchboard.channels.asterisk.agi.port", Integer.class);
        return new Replay(recording, asterisk(), agiPort);
    }
}
