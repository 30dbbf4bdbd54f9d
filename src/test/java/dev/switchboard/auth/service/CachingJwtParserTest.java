package dev.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** A verified token is kept until it expires; a forged one is never kept; an expired one is verified again. */
class CachingJwtParserTest {

    private final KeyPair keys = rsa();
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
    private final JWTParser parser = new CachingJwtParser(
            new DefaultJWTParser(new JWTAuthContextInfo(keys.getPublic(), "switchboard")), 100, now::get);

    @Test
    void aVerifiedTokenIsKeptUntilItExpires() throws Exception {
        String token = Jwt.issuer("switchboard").subject("7").upn("lin.na").expiresIn(600).sign(keys.getPrivate());
        JsonWebToken first = parser.parse(token);
        assertThat(first.getSubject()).isEqualTo("7");
        assertThat(parser.parse(token)).isSameAs(first);

        // Past its expiry (by the cache's clock) it is not answered from the cache but verified again.
        now.addAndGet(601);
        assertThat(parser.parse(token)).isNotSameAs(first);
    }

    @Test
    void aForgedTokenIsRefusedEveryTime() throws Exception {
        String token = Jwt.issuer("switchboard").subject("7").expiresIn(600).sign(keys.getPrivate());
        parser.parse(token);
        String forged = Jwt.issuer("switchboard").subject("1").expiresIn(600).sign(rsa().getPrivate());
        assertThatThrownBy(() -> parser.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse(forged)).isInstanceOf(ParseException.class);
        // The same claims with another signature part is another string: never the kept token.
        String[] parts = token.split("\\.");
        assertThatThrownBy(() -> parser.parse(parts[0] + "." + parts[1] + "." + parts[2].substring(3)))
                .isInstanceOf(ParseException.class);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
