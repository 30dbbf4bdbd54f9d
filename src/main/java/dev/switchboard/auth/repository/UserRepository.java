package dev.switchboard.auth.repository;

import dev.switchboard.auth.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Users by id and by username. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Long> {

    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
