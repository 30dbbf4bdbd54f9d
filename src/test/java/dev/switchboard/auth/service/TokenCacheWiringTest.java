package dev.switchboard.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service's bearer-token check goes through the caching parser, and a token it keeps still signs in. */
@QuarkusTest
class TokenCacheWiringTest {

    @Inject
    JWTParser parser;

    @Test
    void theServiceVerifiesTokensThroughTheCache() throws Exception {
        assertThat(parser).isInstanceOf(CachingJwtParser.class);
        String token = Api.token("admin", Api.ADMIN_PASSWORD);
        Api.withToken(token).get("/api/auth/me").then().statusCode(200);
        // The request above verified and kept it: the same string answers the kept token.
        assertThat(parser.parse(token)).isSameAs(parser.parse(token));
        Api.withToken(token).get("/api/auth/me").then().statusCode(200);
    }
}
