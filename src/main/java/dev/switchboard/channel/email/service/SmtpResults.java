package dev.switchboard.channel.email.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The last SMTP result per mailbox, for the health check. */
@ApplicationScoped
public class SmtpResults {

    /** One send's outcome. */
    public record Last(boolean ok, String detail, Instant at) {
    }

    private final Map<String, Last> last = new ConcurrentHashMap<>();

    public void record(String mailbox, boolean ok, String detail) {
        last.put(mailbox, new Last(ok, detail, Instant.now()));
    }

    public Map<String, Last> all() {
        return new TreeMap<>(last);
    }
}
