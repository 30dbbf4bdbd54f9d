package dev.switchboard.auth.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.auth.User;
import dev.switchboard.auth.service.UserService;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** User administration (admins only). */
@Path("/api/users")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Users")
public class UserResource {

    /** A new user. */
    public record CreateUser(@NotBlank @Size(max = 100) String username,
                             @NotBlank @Size(min = 8, max = 200) String password,
                             @Size(max = 200) String displayName,
                             @NotEmpty @Size(max = 10) Set<@NotNull String> roles) {
    }

    /** A change to a user; absent fields stay as they are. */
    public record UpdateUser(@Size(max = 10) Set<@NotNull String> roles, Boolean enabled,
                             @Size(min = 8, max = 200) String password) {
    }

    /** A user as the API shows it (never the password hash). */
    public record UserView(long id, String username, String displayName, Set<String> roles, boolean enabled,
                           OffsetDateTime createdAt) {
        static UserView of(User u) {
            return new UserView(u.id, u.username, u.displayName, u.roleSet(), u.enabled, u.createdAt);
        }
    }

    private final UserService users;
    private final SecurityIdentity identity;

    UserResource(UserService users, SecurityIdentity identity) {
        this.users = users;
        this.identity = identity;
    }

    @POST
    public Uni<Response> create(@NotNull @Valid CreateUser request) {
        return users.create(identity.getPrincipal().getName(), request.username(), request.password(),
                        request.displayName(), request.roles())
                .map(u -> Response.status(201).entity(UserView.of(u)).header("Location", "/api/users/" + u.id).build());
    }

    @GET
    public Uni<List<UserView>> list() {
        return users.list().map(l -> l.stream().map(UserView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<UserView> get(@RestPath long id) {
        return users.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("User", id)).map(UserView::of);
    }

    @PATCH
    @Path("/{id}")
    public Uni<UserView> update(@RestPath long id, @NotNull @Valid UpdateUser request) {
        return users.update(identity.getPrincipal().getName(), id, request.roles(), request.enabled(), request.password())
                .map(UserView::of);
    }
}
