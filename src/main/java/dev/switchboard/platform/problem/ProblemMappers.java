package dev.switchboard.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.switchboard.platform.text.NulCharacters;
import dev.switchboard.routing.engine.RoutingRefusal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.DateTimeException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every exception that reaches a resource into a problem document, never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        LOG.debugf("Client error %s: %s", e.type(), e.getMessage());
        Response response = e.problem().toResponse();
        // Unavailable for now: the client may try again (with its idempotency key) after a short wait.
        return e.type().status() == 503 ? Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, 5).build()
                : response;
    }

    /** A routing command that does not fit the state: 404 for an unknown agent or queue, else 409. */
    @ServerExceptionMapper
    public Response routing(RoutingRefusal e) {
        ProblemType type = e.code().startsWith("unknown-") ? ProblemType.NOT_FOUND : ProblemType.CONFLICT;
        return new ProblemException(type, e.getMessage() + " (" + e.code() + ")").problem().toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, errors).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m && (!m.getPath().isEmpty() || e instanceof NulInInputException)) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? NulCharacters.replace(r.getFieldName())
                            : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
            String message = e instanceof NulInInputException ? NulInInputException.MESSAGE
                    : e instanceof InvalidFormatException ? "has the wrong format" : "has the wrong type";
            return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                    field + ": " + message, List.of(new Problem.FieldError(field, message))).toResponse();
        }
        return ProblemType.MALFORMED.problem("The body is not valid JSON: " + e.getOriginalMessage()).toResponse();
    }

    /** quarkus-rest-jackson maps this subtype itself, to a body that is no problem document: claim it. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(ProblemType.UNAUTHORIZED.problem("A valid bearer token is required").toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemType.FORBIDDEN.problem("Your role does not allow this").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        if (status == 404 && e.getCause() instanceof IllegalArgumentException
                || status == 404 && e.getCause() instanceof DateTimeException) {
            // JAX-RS answers a query or path parameter it cannot convert (size=abc) with 404; it is a bad request.
            String field = parameter(uri, e.getCause().getMessage());
            String message = "has the wrong type or format";
            return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                    field + ": " + message, List.of(new Problem.FieldError(field, message))).toResponse();
        }
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.MALFORMED;
        };
        if (status >= 500) {
            LOG.error("Server error", e);
        }
        String detail = status >= 500 ? "The service failed; the error is logged" : e.getMessage();
        return new Problem(type.uri(), type.title(), status, detail, null).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (Conflicts.sqlState(e, "23503")) {
            LOG.debugf("Reference to a missing record: %s", e.getMessage());
            return ProblemType.VALIDATION.problem("The request refers to a record that does not exist").toResponse();
        }
        if (Conflicts.isUniqueViolation(e)) {
            return ProblemType.CONFLICT.problem("A record with these values exists already").toResponse();
        }
        LOG.error("Unexpected error", e);
        return ProblemType.INTERNAL.problem("The service failed; the error is logged").toResponse();
    }

    /** The query or path parameter whose value the conversion failure names, or "parameter". */
    private static String parameter(UriInfo uri, String failure) {
        if (uri != null && failure != null) {
            for (MultivaluedMap<String, String> params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
                for (Map.Entry<String, List<String>> p : params.entrySet()) {
                    if (p.getValue().stream().anyMatch(v -> !v.isEmpty() && failure.contains(v))) {
                        return p.getKey();
                    }
                }
            }
        }
        return "parameter";
    }

    private static String field(ConstraintViolation<?> violation) {
        // Method parameter paths read "create.request.contactPoints[0].value": drop method and parameter.
        // Container elements read "skills[billing].<map value>": keep "skills[billing]".
        String path = violation.getPropertyPath().toString().replaceAll("\\.?<[^>]+>", "");
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
