package dev.switchboard.channel.chat.endpoint;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The widget's files under {@code /chat/} keep one URL that firms embed, so browsers must revalidate
 * them ({@code no-cache}, answered 304 while unchanged) instead of trusting a day-long {@code immutable}
 * copy: a new version reaches customers on their next page load.
 */
@ApplicationScoped
public class WidgetCaching {

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/chat/")) {
                rc.addHeadersEndHandler(v -> rc.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
            }
            rc.next();
        }, 10);
    }
}
