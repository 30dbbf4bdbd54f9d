package dev.switchboard.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** Someone who signs in: an agent, a supervisor or an administrator. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    public String passwordHash;
    public String displayName;
    /** Comma-separated roles, see {@link Roles}. */
    public String roles;
    public boolean enabled = true;
    /** Moves on whenever roles, password or the enabled flag change; tokens of an older generation no longer count. */
    public int tokenGeneration;
    public OffsetDateTime createdAt = OffsetDateTime.now();

    public Set<String> roleSet() {
        return new TreeSet<>(Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList());
    }

    public void roleSet(Set<String> set) {
        roles = String.join(",", new TreeSet<>(set));
    }
}
