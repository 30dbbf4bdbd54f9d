package dev.switchboard.channel.fax.service;

import dev.switchboard.channel.fax.FaxConfig;
import dev.switchboard.channel.sms.internal.SourceAllowList;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.logging.Logger;

/**
 * Decides whether an upload really comes from our fax gateway (HylaFAX's faxrcvd, a provider's webhook): the
 * channel is on, the caller's address is on the allow-list, and it carries the shared secret. Like Kannel's
 * callbacks these cannot carry a user's bearer token.
 */
@ApplicationScoped
public class FaxCallbackGuard {

    private static final Logger LOG = Logger.getLogger(FaxCallbackGuard.class);

    private final FaxConfig config;
    private final SourceAllowList sources;

    FaxCallbackGuard(FaxConfig config) {
        this.config = config;
        this.sources = new SourceAllowList(config.allowedSources());
    }

    /** Throws the problem to answer with (404 off, 403 address, 401 secret); returns when the caller may proceed. */
    public void check(String remoteAddress, String secret) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The fax channel is not enabled");
        }
        if (!sources.allows(remoteAddress)) {
            LOG.infof("Fax upload from %s refused: not in switchboard.channels.fax.allowed-sources", remoteAddress);
            throw new ProblemException(ProblemType.FORBIDDEN, "Fax uploads are not accepted from " + remoteAddress);
        }
        String expected = config.callbackSecret().orElse(null);
        // Constant-time, so the secret cannot be guessed byte by byte from response times.
        if (expected == null || expected.isEmpty() || secret == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            LOG.infof("Fax upload from %s refused: %s secret", remoteAddress, secret == null ? "no" : "wrong");
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "The header X-Switchboard-Secret is missing or does not hold the fax channel's secret");
        }
    }
}
