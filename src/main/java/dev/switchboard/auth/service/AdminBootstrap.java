package dev.switchboard.auth.service;

import dev.switchboard.platform.PlatformConfig;
import dev.switchboard.auth.Roles;
import dev.switchboard.auth.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/** Creates the first administrator when the user table is empty, once however many instances start together. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    /** The advisory lock of the first start ("SBADMIN"). */
    private static final long LOCK = 0x53_4241_444d_494eL;

    void onStart(@Observes StartupEvent event, UserRepository users, UserService userService, PlatformConfig config) {
        boolean generated = config.admin().password().isEmpty();
        String password = config.admin().password().orElseGet(AdminBootstrap::randomPassword);
        Boolean created;
        try {
            // Under a lock: instances started together on an empty database create one admin, the others wait and
            // find it (without it the loser stopped on the username's unique key).
            created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(
                            "select 1 from (select pg_advisory_xact_lock(" + LOCK + ")) locked").getSingleResult())
                    .flatMap(locked -> users.count())
                    .flatMap(count -> count > 0 ? Uni.createFrom().item(false)
                            : userService.create("system", "admin", password, "Administrator", Set.of(Roles.ADMIN))
                                    .replaceWith(true))));
        } catch (Throwable e) {
            throw new IllegalStateException("Could not create the first admin user", e);
        }
        if (created && generated) {
            LOG.warnf("Created the user 'admin' with the generated password: %s"
                    + " (shown once; set SWITCHBOARD_ADMIN_PASSWORD to choose it)", password);
        } else if (created) {
            LOG.info("Created the user 'admin' with the configured password");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
