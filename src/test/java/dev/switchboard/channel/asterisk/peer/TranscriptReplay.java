package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

/** Plays one transcript connection's actions against the peer and checks each reply against the recording. */
final class TranscriptReplay {

    private TranscriptReplay() {
    }

    /** Returns how many recorded replies were compared. */
    static int replay(List<Transcript.Entry> entries, String connection, int port) throws IOException {
        int compared = 0;
        try (RawAmiClient client = new RawAmiClient(port)) {
            assertThat(client.banner()).as("banner").isEqualTo(AmiPeer.BANNER);
            for (Transcript.Entry entry : Transcript.of(entries, connection)) {
                if (entry.sentBy(connection)) {
                    client.send(entry.lines());
                } else if (entry.receivedBy(connection)) {
                    List<String> reply = client.nextReply();
                    assertThat(reply).as("reply of %s to %s", connection, entry.lines()).isNotNull();
                    assertThat(WireMask.mask(reply)).as(connection).isEqualTo(WireMask.mask(entry.lines()));
                    compared++;
                } else if (entry.closedBy(connection)) {
                    assertThat(client.next()).as("%s closed by the peer", connection).isNull();
                }
            }
        }
        return compared;
    }
}
