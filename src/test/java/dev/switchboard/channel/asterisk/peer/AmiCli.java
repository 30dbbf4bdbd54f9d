package dev.switchboard.channel.asterisk.peer;

import java.util.List;

/** The few CLI commands the peer answers through the Command action, worded as Asterisk 22 prints them. */
final class AmiCli {

    private AmiCli() {
    }

    static boolean known(String command) {
        return List.of("core show uptime", "core show version", "core show channels count").contains(command);
    }

    static List<String> run(String command, AmiPeer peer) {
        return switch (command) {
            case "core show uptime" -> List.of(
                    "System uptime: " + words(peer.uptimeSeconds()),
                    "Last reload: " + words(peer.lastReloadSeconds()));
            case "core show version" -> List.of("Asterisk 22.10.1 built by root @ vm on a x86_64");
            case "core show channels count" -> {
                int channels = peer.calls().snapshot().size();
                yield List.of(channels + " active channel" + (channels == 1 ? "" : "s"));
            }
            default -> List.of("No such command '" + command + "' (type 'core show help " + command
                    + "' for other possible commands)");
        };
    }

    /** "10 minutes, 42 seconds" / "3 seconds", as recorded in 11-restart (hours and days not needed yet). */
    static String words(long seconds) {
        long minutes = seconds / 60;
        long rest = seconds % 60;
        String secs = rest + (rest == 1 ? " second" : " seconds");
        return minutes == 0 ? secs : minutes + (minutes == 1 ? " minute, " : " minutes, ") + secs;
    }
}
