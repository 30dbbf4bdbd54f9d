package dev.switchboard.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;

/**
 * The request limits whose refusals would otherwise come from the HTTP layer with an empty body: a request line
 * over {@code switchboard.http.max-uri-length} (414) and a declared body over {@code switchboard.http.max-body-size}
 * (413) are answered with a problem document, like every other error. The codec's own line limit
 * ({@code quarkus.http.limits.max-initial-line-length}) and Quarkus's body limit
 * ({@code quarkus.http.limits.max-body-size}) are set well above ours so that ours speaks first.
 * A body that declares no length (sent in chunks) is read here, counted as it comes, and refused (413, a problem
 * document, the connection closed) as soon as it passes the limit; the REST layer then takes the body read. Over
 * HTTP/2 that hand-over fails in Quarkus REST, so the service speaks HTTP/1.1 only ({@code quarkus.http.http2}).
 * POSTs to {@code switchboard.http.streamed-paths} pass untouched: their endpoint reads the body as a stream and
 * limits it itself.
 */
@ApplicationScoped
public class HttpLimits {

    /** Before Quarkus's own body-size check (route order -2), which answers 413 without a body. */
    private static final int ORDER = -10;
    private static final String REFUSED = "switchboard.body-refused";
    private static final Set<HttpMethod> BODIES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final int maxUriLength;
    private final Optional<MemorySize> maxBodySize;
    private final Set<String> streamedPaths;

    HttpLimits(HttpLimitsConfig config) {
        this.maxUriLength = config.maxUriLength();
        this.maxBodySize = Optional.of(config.maxBodySize());
        this.streamedPaths = Set.copyOf(config.streamedPaths());
    }

    /** A POST its endpoint streams (and limits) itself. */
    private boolean streamed(RoutingContext rc) {
        return rc.request().method() == HttpMethod.POST && streamedPaths.contains(rc.request().path());
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
        if (maxBodySize.isPresent()) {
            BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBodySize.get().asLongValue());
            router.route().order(ORDER + 1).handler(rc -> {
                if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null && BODIES.contains(rc.request().method())
                        && !streamed(rc)) {
                    chunked.handle(rc);
                } else {
                    rc.next();
                }
            }).failureHandler(rc -> {
                if (rc.statusCode() == 413 && !rc.response().ended()) {
                    rc.put(REFUSED, true);
                    long limit = maxBodySize.get().asLongValue();
                    refuse(rc, new Problem(ProblemType.PAYLOAD_TOO_LARGE.uri(), ProblemType.PAYLOAD_TOO_LARGE.title(),
                            413, "The body is over " + limit + " bytes, the most accepted.", null));
                } else if (Boolean.TRUE.equals(rc.get(REFUSED))) {
                    // The rest of the refused body met the closed connection: nothing more to say, nothing to log.
                    return;
                } else {
                    rc.next();
                }
            });
        }
    }

    private void check(RoutingContext rc) {
        String uri = rc.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            refuse(rc, new Problem(ProblemType.URI_TOO_LONG.uri(), ProblemType.URI_TOO_LONG.title(), 414,
                    "The request's URI is " + uri.length() + " characters long; at most " + maxUriLength
                            + " are accepted. Send long input in the body.", null));
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && maxBodySize.isPresent() && !streamed(rc)) {
            long limit = maxBodySize.get().asLongValue();
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(rc, ProblemType.MALFORMED.problem("Content-Length is not a number"));
                return;
            }
            if (declared > limit) {
                refuse(rc, new Problem(ProblemType.PAYLOAD_TOO_LARGE.uri(), ProblemType.PAYLOAD_TOO_LARGE.title(), 413,
                        "The body is " + declared + " bytes; at most " + limit + " are accepted.", null));
                return;
            }
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, Problem problem) {
        // The body the client may still be sending is not read: close the connection after the answer.
        rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem));
    }
}
