package dev.switchboard.channel.chat.endpoint;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The widget's files under {@code /chat/}: the loader {@code /chat/widget.js} keeps the one URL that firms
 * embed, so browsers revalidate it ({@code no-cache}, answered 304 while unchanged) and a new version reaches
 * customers on their next page load; the loader names the build's bundle under {@code /chat/assets/}, whose
 * file names change with their content, cached for a year.
 */
@ApplicationScoped
public class WidgetCaching {

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (path.startsWith("/chat/")) {
                String policy = path.startsWith("/chat/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
                rc.addHeadersEndHandler(v -> {
                    if (rc.response().getStatusCode() < 400) {
                        rc.response().headers().set(HttpHeaders.CACHE_CONTROL, policy);
                    }
                });
            }
            rc.next();
        }, 10);
    }
}
