package dev.switchboard.auth.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.platform.PlatformConfig;
import dev.switchboard.auth.User;
import dev.switchboard.auth.repository.UserRepository;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Checks passwords and issues sign-in tokens. */
@ApplicationScoped
public class AuthService {

    /** A signed token and what it grants. */
    public record Token(String token, Instant expiresAt, User user) {
    }

    private final UserRepository users;
    private final AuditLog audit;
    private final PlatformConfig config;
    private final Vertx vertx;

    AuthService(UserRepository users, AuditLog audit, PlatformConfig config, Vertx vertx) {
        this.users = users;
        this.audit = audit;
        this.config = config;
        this.vertx = vertx;
    }

    /** Checks the password and issues a token; failed attempts are audited too (they commit before the refusal). */
    public Uni<Token> login(String username, String password) {
        return Panache.withTransaction(() -> users.findByUsername(username).flatMap(user -> vertx.executeBlocking(
                        Uni.createFrom().item(() -> user != null && user.enabled && BcryptUtil.matches(password, user.passwordHash)))
                .flatMap(ok -> ok
                        ? audit.record(username, "sign-in", "user:" + user.id, null).replaceWith(() -> issue(user))
                        : audit.record(username, "sign-in-failed", "user:" + username, null).replaceWith((Token) null))))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.BAD_CREDENTIALS,
                        "Wrong username or password"));
    }

    public Token issue(User user) {
        Instant expires = Instant.now().plus(config.auth().tokenLifetime());
        String token = Jwt.upn(user.username)
                .subject(Long.toString(user.id))
                .groups(user.roleSet())
                .claim("name", user.displayName == null ? user.username : user.displayName)
                .expiresAt(expires)
                .sign();
        return new Token(token, expires, user);
    }

    /** bcrypt at the default cost, off the event loop. */
    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password)));
    }

}
