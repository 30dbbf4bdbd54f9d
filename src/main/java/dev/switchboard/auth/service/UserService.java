package dev.switchboard.auth.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.auth.Roles;
import dev.switchboard.auth.User;
import dev.switchboard.auth.repository.UserRepository;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creates users and changes their roles; every change is audited. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final AuthService auth;
    private final AuditLog audit;
    private final TokenRevocations revocations;

    UserService(UserRepository users, AuthService auth, AuditLog audit, TokenRevocations revocations) {
        this.revocations = revocations;
        this.users = users;
        this.auth = auth;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<User> create(String actor, String username, String password, String displayName, Set<String> roles) {
        checkRoles(roles);
        return users.findByUsername(username).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "The username " + username + " is taken"));
            }
            return auth.hash(password).flatMap(hash -> {
                User user = new User();
                user.username = username;
                user.passwordHash = hash;
                user.displayName = displayName;
                user.roleSet(roles);
                return users.persist(user);
            }).call(user -> audit.record(actor, "user-created", "user:" + user.id, Map.of("roles", user.roles)));
        });
    }

    /**
     * Changes roles, the enabled flag or the password. Any real change moves the user's token generation on,
     * so that its tokens stop counting and its sockets close as soon as the change is committed.
     */
    public Uni<User> update(String actor, long id, Set<String> roles, Boolean enabled, String password) {
        if (roles != null) {
            checkRoles(roles);
        }
        return Panache.withTransaction(() -> users.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("User", id))
                .call(user -> password == null ? Uni.createFrom().voidItem()
                        : auth.hash(password).invoke(hash -> user.passwordHash = hash))
                .call(user -> {
                    String before = user.roles;
                    boolean wasEnabled = user.enabled;
                    if (roles != null) {
                        user.roleSet(roles);
                    }
                    if (enabled != null) {
                        user.enabled = enabled;
                    }
                    if (password != null || !before.equals(user.roles) || wasEnabled != user.enabled) {
                        user.tokenGeneration++;
                    }
                    return audit.record(actor, "user-changed", "user:" + id, Map.of(
                            "rolesBefore", before, "rolesAfter", user.roles, "enabled", user.enabled,
                            "passwordChanged", password != null));
                }))
                .invoke(user -> revocations.userChanged(user.id, user.tokenGeneration, user.enabled));
    }

    @WithSession
    public Uni<User> get(long id) {
        return users.findById(id);
    }

    @WithSession
    public Uni<List<User>> list() {
        return users.listAll(io.quarkus.panache.common.Sort.by("username"));
    }

    private static void checkRoles(Set<String> roles) {
        if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw ProblemException.invalid("roles", "must be one or more of " + new java.util.TreeSet<>(Roles.ALL));
        }
    }
}
