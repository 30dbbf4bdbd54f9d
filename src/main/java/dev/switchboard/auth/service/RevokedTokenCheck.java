package dev.switchboard.auth.service;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a validly signed token that no longer counts (its user is gone, disabled or changed, or it
 * was signed out), on every REST call and socket upgrade, as if it were not valid at all (401).
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {

    private final TokenRevocations revocations;

    RevokedTokenCheck(TokenRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return revocations.valid(jwt).map(valid -> {
            if (!valid) {
                throw new AuthenticationFailedException("The token was revoked");
            }
            return identity;
        });
    }
}
