package dev.switchboard.auth.service;

import dev.switchboard.auth.repository.RevocationRepository;
import dev.switchboard.auth.repository.RevocationRepository.UserTokens;
import dev.switchboard.platform.security.SocketRevoker;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Decides in memory whether a validly signed token still counts: its user exists and is enabled, the
 * token's generation is the user's current one, and it was not signed out. Users are loaded on first
 * sight and kept current by this instance's own changes and by a periodic reload, which also brings the
 * changes other instances made (they are in the database).
 */
@ApplicationScoped
public class TokenRevocations {

    /** The claim carrying the user's token generation at issue. */
    public static final String GENERATION = "gen";

    private static final Logger LOG = Logger.getLogger(TokenRevocations.class);

    private final RevocationRepository repository;
    private final SocketRevoker sockets;
    private final Map<Long, UserTokens> users = new ConcurrentHashMap<>();
    private final Map<String, Instant> signedOut = new ConcurrentHashMap<>();
    private final Uni<Void> signedOutLoaded;
    private volatile boolean loaded;

    TokenRevocations(RevocationRepository repository, SocketRevoker sockets) {
        this.repository = repository;
        this.sockets = sockets;
        // Loaded once before the first check; tried again on the next check while the database is away.
        this.signedOutLoaded = repository.unexpired()
                .invoke(list -> {
                    list.forEach(t -> signedOut.put(t.jti(), t.expiresAt()));
                    loaded = true;
                })
                .replaceWithVoid().memoize().until(() -> !loaded);
    }

    /** Whether the token still counts; from memory but for a user's first sight. */
    public Uni<Boolean> valid(JsonWebToken jwt) {
        long userId;
        try {
            userId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(false);
        }
        return signedOutLoaded.chain(() -> {
            if (jwt.getTokenID() != null && signedOut.containsKey(jwt.getTokenID())) {
                return Uni.createFrom().item(false);
            }
            UserTokens known = users.get(userId);
            Uni<UserTokens> user = known != null ? Uni.createFrom().item(known)
                    : repository.user(userId).invoke(u -> {
                        if (u != null) {
                            remember(userId, u);
                        }
                    }).map(u -> u == null ? null : users.get(userId));
            return user.map(u -> u != null && u.enabled() && u.generation() == generation(jwt));
        });
    }

    /** A user's roles, password or enabled flag changed (committed): its older tokens stop counting now. */
    public void userChanged(long userId, int generation, boolean enabled) {
        remember(userId, new UserTokens(generation, enabled));
        sockets.closeAll(userId, null, "signed out: the user's access changed");
    }

    /** A token was signed out (committed). */
    public void signedOut(String jti, long userId, Instant expiresAt) {
        signedOut.put(jti, expiresAt);
        sockets.closeAll(userId, jti, "signed out");
    }

    /** Brings in what other instances changed, and forgets signed-out tokens that have expired anyway. */
    @Scheduled(every = "${switchboard.auth.revocation-refresh:PT10S}", delayed = "${switchboard.auth.revocation-refresh:PT10S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        // Only the users asked about: one who signed in while the query ran is not in its answer, and is not gone.
        List<Long> asked = new ArrayList<>(users.keySet());
        return repository.users(asked).invoke(current -> asked.forEach(id -> {
            UserTokens before = users.get(id);
            UserTokens now = current.get(id);
            if (before == null) {
                return;
            }
            if (now == null) {
                users.remove(id);
                sockets.closeAll(id, null, "signed out: the user no longer exists");
            } else if (now.generation() > before.generation()) {
                userChanged(id, now.generation(), now.enabled());
            }
        })).chain(repository::unexpired).invoke(list -> {
            Instant now = Instant.now();
            signedOut.values().removeIf(expiry -> expiry.isBefore(now));
            list.forEach(t -> {
                if (signedOut.putIfAbsent(t.jti(), t.expiresAt()) == null) {
                    sockets.closeToken(t.jti(), "signed out");
                }
            });
        }).replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not reload token revocations (the next try is in a moment): %s", e.toString());
            return null;
        });
    }

    /** Keeps the newest generation, whichever of a load and a change comes last. */
    private void remember(long userId, UserTokens state) {
        users.merge(userId, state, (old, neu) -> neu.generation() >= old.generation() ? neu : old);
    }

    private static int generation(JsonWebToken jwt) {
        Object value = jwt.getClaim(GENERATION);
        if (value instanceof JsonNumber n) {
            return n.intValue();
        }
        // Tokens issued before generations existed count as generation 0 until their user changes.
        return value instanceof Number n ? n.intValue() : 0;
    }
}
