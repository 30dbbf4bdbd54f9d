package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.internal.SourceAllowList;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.logging.Logger;

/**
 * Decides whether a callback really comes from our Kannel: the channel is on, the caller's address
 * is on the allow-list, and it carries the shared secret. Kannel's callbacks cannot carry a bearer
 * token, which is why these endpoints sit outside the JWT check.
 */
@ApplicationScoped
public class SmsCallbackGuard {

    private static final Logger LOG = Logger.getLogger(SmsCallbackGuard.class);

    private final SmsConfig config;
    private final SourceAllowList sources;

    SmsCallbackGuard(SmsConfig config) {
        this.config = config;
        this.sources = new SourceAllowList(config.allowedSources());
    }

    /** Throws the problem to answer with (404 off, 403 address, 401 secret); returns when the caller may proceed. */
    public void check(String remoteAddress, String querySecret, String headerSecret) {
        if (!config.enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The SMS channel is not enabled");
        }
        if (!sources.allows(remoteAddress)) {
            LOG.infof("SMS callback from %s refused: not in switchboard.channels.sms.allowed-sources", remoteAddress);
            throw new ProblemException(ProblemType.FORBIDDEN, "Callbacks are not accepted from " + remoteAddress);
        }
        String given = headerSecret != null ? headerSecret : querySecret;
        String expected = config.callbackSecret().orElse(null);
        // Constant-time, so the secret cannot be guessed byte by byte from response times.
        if (expected == null || expected.isEmpty() || given == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            LOG.infof("SMS callback from %s refused: %s secret", remoteAddress, given == null ? "no" : "wrong");
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "The callback secret (query parameter secret or header X-Switchboard-Secret) is missing or wrong");
        }
    }
}
