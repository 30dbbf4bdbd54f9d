package dev.switchboard.auth.rest;

import dev.switchboard.auth.service.SignInThrottle;
import dev.switchboard.platform.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A throttled sign-in: 429 with Retry-After, as a problem document. */
public class SignInProblems {

    static final String TOO_MANY_ATTEMPTS = Problem.TYPE_BASE + "too-many-sign-in-attempts";

    @ServerExceptionMapper
    public Response throttled(SignInThrottle.Throttled e) {
        return Response.fromResponse(new Problem(TOO_MANY_ATTEMPTS, "Too many failed sign-ins", 429, e.getMessage(), null)
                .toResponse()).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }
}
