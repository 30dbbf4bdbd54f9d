package dev.switchboard.console;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The console's files: hashed assets under {@code /console/assets/} are cached for a year (their names change with
 * their content), every other file is revalidated, and the pages carry a Content-Security-Policy that lets them load
 * only the service's own files and connect only to the service and the softphone's SIP WebSocket.
 */
@ApplicationScoped
public class ConsoleHeaders {

    static final String PREFIX = "/console/";
    static final String ASSETS = PREFIX + "assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final String policy;
    private final boolean redirectRoot;

    ConsoleHeaders(ConsoleConfig config, AsteriskConfig asterisk) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        connect.add(origin(asterisk.softphone().wssUrl()));
        config.connectSources().ifPresent(connect::addAll);
        // Styles: Lit's are constructed stylesheets; 'unsafe-inline' is for the sanitised HTML of emails (their inline
        // styles), shown in a sandboxed frame without scripts, which inherits this policy.
        this.policy = String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "media-src 'self' blob:",
                "font-src 'self'",
                "connect-src " + String.join(" ", connect),
                "frame-src 'self' blob:",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        this.redirectRoot = config.redirectRoot();
    }

    /** The scheme, host and port of a URL, as a CSP source; a URL that is not one is left out. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "'self'";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "'self'";
        }
    }

    String policy() {
        return policy;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 10);
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (rc.request().method() == HttpMethod.GET || rc.request().method() == HttpMethod.HEAD) {
            if ("/console".equals(path) || ("/".equals(path) && redirectRoot)) {
                rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, PREFIX).end();
                return;
            }
        }
        if (path.startsWith(PREFIX)) {
            boolean asset = path.startsWith(ASSETS);
            rc.addHeadersEndHandler(v -> {
                var headers = rc.response().headers();
                if (rc.response().getStatusCode() >= 400) {
                    return;
                }
                headers.set(HttpHeaders.CACHE_CONTROL, asset ? IMMUTABLE : "no-cache");
                headers.set("X-Content-Type-Options", "nosniff");
                if (!asset) {
                    headers.set("Content-Security-Policy", policy);
                    headers.set("Referrer-Policy", "same-origin");
                    headers.set("X-Frame-Options", "DENY");
                }
            });
        }
        rc.next();
    }
}
