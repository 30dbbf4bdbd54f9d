package dev.switchboard.platform.security;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Closes the open sockets (agent, supervisor) opened with a token that no longer counts, with 1008
 * (policy violation). A socket's token is the one of its upgrade request, verified then; only its
 * subject and id are read here.
 */
@ApplicationScoped
public class SocketRevoker {

    /** RFC 6455: the endpoint received a message that violates its policy. */
    public static final int POLICY_VIOLATION = 1008;

    private static final Logger LOG = Logger.getLogger(SocketRevoker.class);
    private static final TypedKey<JsonObject> CLAIMS = new TypedKey<>("token-claims");

    private final OpenConnections connections;

    SocketRevoker(OpenConnections connections) {
        this.connections = connections;
    }

    /** Closes the user's sockets, or only those opened with the token {@code jti} when it is not null. */
    public void closeAll(long userId, String jti, String reason) {
        close(claims -> String.valueOf(userId).equals(claims.getString("sub"))
                && (jti == null || jti.equals(claims.getString("jti"))), reason);
    }

    /** Closes the sockets opened with this token. */
    public void closeToken(String jti, String reason) {
        close(claims -> jti.equals(claims.getString("jti")), reason);
    }

    private void close(java.util.function.Predicate<JsonObject> match, String reason) {
        for (WebSocketConnection c : connections) {
            JsonObject claims = claims(c);
            if (c.isOpen() && claims != null && match.test(claims)) {
                LOG.infof("Closing socket %s of user %s: %s", c.endpointId(), claims.getString("upn"), reason);
                c.close(new CloseReason(POLICY_VIOLATION, reason)).subscribe().with(v -> {
                }, e -> LOG.debugf("Closing socket %s: %s", c.id(), e.toString()));
            }
        }
    }

    private static JsonObject claims(WebSocketConnection c) {
        JsonObject claims = c.userData().get(CLAIMS);
        if (claims == null) {
            claims = parse(c.handshakeRequest().header("Authorization"));
            if (claims != null) {
                c.userData().put(CLAIMS, claims);
            }
        }
        return claims;
    }

    private static JsonObject parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
