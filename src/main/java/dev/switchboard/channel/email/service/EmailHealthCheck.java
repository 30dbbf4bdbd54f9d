package dev.switchboard.channel.email.service;

import dev.switchboard.channel.email.internal.MailboxWatcher;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Says per mailbox whether its IMAP watcher is connected and how its last SMTP send went. A wellness
 * check (GET /q/health/well, and in /q/health): a mail server being down must not take the instance
 * out of the load balancer (readiness) or get it restarted (liveness); every other channel still works.
 */
@Wellness
@ApplicationScoped
public class EmailHealthCheck implements HealthCheck {

    private final EmailWatchers watchers;
    private final SmtpResults smtp;

    EmailHealthCheck(EmailWatchers watchers, SmtpResults smtp) {
        this.watchers = watchers;
        this.smtp = smtp;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("email").up();
        Map<String, MailboxWatcher.Status> statuses = watchers.statuses();
        boolean up = true;
        for (Map.Entry<String, MailboxWatcher.Status> e : statuses.entrySet()) {
            MailboxWatcher.Status s = e.getValue();
            // STANDBY: another instance holds the mailbox's lease and watches it; that is healthy.
            boolean ok = s.state().equals("CONNECTED") || s.state().equals("STANDBY");
            up &= ok;
            builder.withData(e.getKey() + ".imap", s.state() + (s.idle() ? " (IDLE)" : "")
                    + (s.lastError() == null ? "" : ": " + s.lastError()) + " since " + s.since());
        }
        for (Map.Entry<String, SmtpResults.Last> e : smtp.all().entrySet()) {
            SmtpResults.Last last = e.getValue();
            up &= last.ok();
            builder.withData(e.getKey() + ".smtp", (last.ok() ? "OK" : "FAILING: " + last.detail()) + " at " + last.at());
        }
        return (up ? builder.up() : builder.down()).build();
    }
}
