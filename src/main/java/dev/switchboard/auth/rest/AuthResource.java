package dev.switchboard.auth.rest;

import dev.switchboard.auth.service.AuthService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-in: exchanges a username and password for a bearer token. */
@Path("/api/auth")
@Tag(name = "Sign-in")
public class AuthResource {

    /** Credentials. */
    public record LoginRequest(@NotBlank String username, @NotBlank String password) {
    }

    /** A bearer token for the Authorization header, and who it belongs to. */
    public record LoginResponse(String token, String tokenType, Instant expiresAt, long userId, String username,
                                Set<String> roles) {
    }

    /** The signed-in user as the token describes it. */
    public record Me(long userId, String username, Set<String> roles) {
    }

    private final AuthService auth;
    private final JsonWebToken jwt;

    AuthResource(AuthService auth, JsonWebToken jwt) {
        this.auth = auth;
        this.jwt = jwt;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Sign in", description = "Returns a bearer token; send it as 'Authorization: Bearer <token>'.")
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins; wait Retry-After seconds")
    public Uni<LoginResponse> login(@NotNull @Valid LoginRequest request, @Context HttpServerRequest http) {
        // The peer's address, or the client's when quarkus.http.proxy.proxy-address-forwarding trusts a proxy.
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return auth.login(request.username(), request.password(), address).map(t -> new LoginResponse(
                t.token(), "Bearer", t.expiresAt(), t.user().id, t.user().username, t.user().roleSet()));
    }

    @POST
    @Path("/logout")
    @Authenticated
    @Operation(summary = "Sign out", description = "Revokes the token this call is made with, at once; its sockets close.")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Uni<Void> logout() {
        return auth.signOut(jwt);
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "Who am I")
    public Me me() {
        return new Me(Long.parseLong(jwt.getSubject()), jwt.getName(), jwt.getGroups());
    }
}
