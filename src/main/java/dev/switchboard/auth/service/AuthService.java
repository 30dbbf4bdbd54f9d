package dev.switchboard.auth.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.platform.PlatformConfig;
import dev.switchboard.auth.User;
import dev.switchboard.auth.repository.RevocationRepository;
import dev.switchboard.auth.repository.UserRepository;
import org.eclipse.microprofile.jwt.JsonWebToken;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Checks passwords and issues sign-in tokens. */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);

    /** A signed token and what it grants. */
    public record Token(String token, Instant expiresAt, User user) {
    }

    private final UserRepository users;
    private final AuditLog audit;
    private final PlatformConfig config;
    private final Vertx vertx;
    private final SignInThrottle throttle;
    private final TokenRevocations revocations;
    private final RevocationRepository revocationRepository;

    AuthService(UserRepository users, AuditLog audit, PlatformConfig config, Vertx vertx, SignInThrottle throttle,
                TokenRevocations revocations, RevocationRepository revocationRepository) {
        this.revocations = revocations;
        this.revocationRepository = revocationRepository;
        this.throttle = throttle;
        this.users = users;
        this.audit = audit;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * Checks the password and issues a token; failed attempts are audited too (they commit before the refusal).
     * Refused with {@link SignInThrottle.Throttled} while too many attempts failed. An unknown or disabled user
     * costs the same bcrypt as a known one, so that the time of the answer does not tell which usernames exist.
     */
    public Uni<Token> login(String username, String password, String address) {
        SignInThrottle.Attempt attempt;
        try {
            attempt = throttle.admit(username, address, Instant.now());
        } catch (SignInThrottle.Throttled e) {
            LOG.debugf("Sign-in of %s from %s throttled for %s (%s)", username, address, e.delay().duration(),
                    e.delay().scope());
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> users.findByUsername(username).flatMap(user -> vertx.executeBlocking(
                        Uni.createFrom().item(() -> BcryptUtil.matches(password, user == null ? DummyHash.VALUE : user.passwordHash)
                                && user != null && user.enabled))
                .flatMap(ok -> {
                    if (ok) {
                        attempt.succeeded();
                        return audit.record(username, "sign-in", "user:" + user.id, Map.of("address", address))
                                .replaceWith(() -> issue(user));
                    }
                    Uni<Void> audited = audit.record(username, "sign-in-failed", "user:" + username,
                            Map.of("address", address));
                    for (SignInThrottle.Delay d : attempt.delaysStarted()) {
                        audited = audited.call(() -> audit.record(username, "sign-in-throttled", "user:" + username,
                                Map.of("address", address, "scope", d.scope().name(), "delaySeconds",
                                        d.duration().toSeconds())));
                    }
                    return audited.replaceWith((Token) null);
                })))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.BAD_CREDENTIALS,
                        "Wrong username or password"));
    }

    public Token issue(User user) {
        Instant expires = Instant.now().plus(config.auth().tokenLifetime());
        String token = Jwt.upn(user.username)
                .subject(Long.toString(user.id))
                .claim("jti", UUID.randomUUID().toString())
                .claim(TokenRevocations.GENERATION, user.tokenGeneration)
                .groups(user.roleSet())
                .claim("name", user.displayName == null ? user.username : user.displayName)
                .expiresAt(expires)
                .sign();
        return new Token(token, expires, user);
    }

    /** Revokes this token: listed in the database for every instance, then refused from now on. */
    public Uni<Void> signOut(JsonWebToken jwt) {
        long userId = Long.parseLong(jwt.getSubject());
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        String jti = jwt.getTokenID();
        if (jti == null) {
            // A token from before tokens had ids cannot be listed: its user's generation moves on instead.
            return Panache.withTransaction(() -> users.findById(userId).call(user -> {
                        user.tokenGeneration++;
                        return audit.record(jwt.getName(), "sign-out", "user:" + userId, Map.of("all", true));
                    }))
                    .invoke(user -> revocations.userChanged(userId, user.tokenGeneration, user.enabled)).replaceWithVoid();
        }
        return revocationRepository.revoke(jti, userId, expires)
                .invoke(() -> revocations.signedOut(jti, userId, expires))
                .chain(() -> Panache.withTransaction(() -> audit.record(jwt.getName(), "sign-out", "user:" + userId, null)));
    }

    /** A hash of a random password at the cost of real ones (bcrypt's default), computed on first use. */
    private static final class DummyHash {
        static final String VALUE = BcryptUtil.bcryptHash(UUID.randomUUID().toString());
    }

    /** bcrypt at the default cost, off the event loop. */
    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password)));
    }

}
