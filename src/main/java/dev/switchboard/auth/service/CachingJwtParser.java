package dev.switchboard.auth.service;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies a bearer token once and keeps the result until the token expires: an agent's console or an API client
 * sends the same token with every call, and checking its RS256 signature again each time cost about a quarter of
 * the service's CPU per request. A kept token is the exact same string that was verified, so nothing but that
 * string finds it; whether it still counts (its user disabled, signed out) is checked on every request as before
 * ({@link RevokedTokenCheck}). At most {@code switchboard.auth.token-cache-size} tokens are kept (then the cache
 * starts over).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private final JWTParser delegate;
    private final int maxSize;
    private final LongSupplier clock;
    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Inject
    CachingJwtParser(JWTAuthContextInfo context,
                     @ConfigProperty(name = "switchboard.auth.token-cache-size", defaultValue = "10000") int maxSize) {
        this(new DefaultJWTParser(context), maxSize, () -> System.currentTimeMillis() / 1000);
    }

    CachingJwtParser(JWTParser delegate, int maxSize, LongSupplier epochSeconds) {
        this.delegate = delegate;
        this.maxSize = maxSize;
        this.clock = epochSeconds;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken kept = verified.get(token);
        if (kept != null) {
            if (kept.getExpirationTime() > clock.getAsLong()) {
                return kept;
            }
            verified.remove(token);
        }
        // Verified in full: signature, issuer, expiry (an expired or forged token fails here and is not kept).
        JsonWebToken jwt = delegate.parse(token);
        if (maxSize > 0 && jwt.getExpirationTime() > clock.getAsLong()) {
            if (verified.size() >= maxSize) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
