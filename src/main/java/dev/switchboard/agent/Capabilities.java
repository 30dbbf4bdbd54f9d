package dev.switchboard.agent;

import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Rules shared by agents and queues for the skills and channels they offer or need. */
public final class Capabilities {

    private Capabilities() {
    }

    /**
     * Skill names trimmed and lower-cased, so that an agent's "Mandarin" meets a queue's "mandarin".
     * Two names that differ only in case are rejected rather than one silently winning.
     */
    public static Map<String, Integer> skills(Map<String, Integer> skills, String field) {
        Map<String, Integer> result = new TreeMap<>();
        if (skills != null) {
            skills.forEach((name, level) -> {
                String key = name.strip().toLowerCase(Locale.ROOT);
                if (result.put(key, level) != null) {
                    throw ProblemException.invalid(field + "[" + name + "]", "names the skill '" + key + "' twice");
                }
            });
        }
        return result;
    }

    /** Contacts arrive on every channel but SYSTEM, which only the service itself writes on. */
    public static void requireContactChannels(Set<Channel> channels, String field) {
        if (channels != null && channels.contains(Channel.SYSTEM)) {
            throw ProblemException.invalid(field, "SYSTEM is not a contact channel");
        }
    }
}
