package dev.switchboard.channel.asterisk.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A basic two-party bridge of the call model. */
final class PeerBridge {
    final String id = UUID.randomUUID().toString();
    final List<PeerChannel> channels = new ArrayList<>();
}
