package dev.switchboard.organisation.scope;

import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 404 for an operation marked {@link Scoped} whose record the caller may not see, before the operation
 * runs; the same answer as for a record that does not exist, so a scoped-out record does not show that it exists.
 * Anonymous callers pass through to be refused with 401 by the security checks; ids that are not numbers pass
 * through to the operation's own 400 or 404.
 */
public class ScopeFilter {

    private static final Map<Method, Optional<Scoped>> MARKS = new ConcurrentHashMap<>();

    @Inject
    DataScopes scopes;

    /** The caller, resolved without blocking (the filter runs on the event loop, before the security checks). */
    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Response> scope(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Uni.createFrom().nullItem();
        }
        Scoped mark = MARKS.computeIfAbsent(method, m -> Optional.ofNullable(m.getAnnotation(Scoped.class))
                .or(() -> Optional.ofNullable(resource.getResourceClass().getAnnotation(Scoped.class)))).orElse(null);
        if (mark == null) {
            return Uni.createFrom().nullItem();
        }
        String raw = mark.query().isEmpty() ? request.getUriInfo().getPathParameters().getFirst(mark.param())
                : request.getUriInfo().getQueryParameters().getFirst(mark.query());
        Object id = id(mark.value(), raw);
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().chain(identity -> identity.isAnonymous() ? Uni.createFrom().nullItem()
                : scopes.of(identity).chain(scope -> scope.all() ? Uni.createFrom().nullItem()
                : scopes.covers(scope, mark.value(), id).map(yes -> yes ? null
                        : ProblemException.notFound(mark.value().word(), raw)
                        .problem().toResponse())));
    }

    private static Object id(ScopedRecord record, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (record.textual()) {
            return raw;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
