package dev.switchboard.platform.problem;

import dev.switchboard.platform.text.NulCharacters;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a NUL character in a query parameter, path parameter or header of an API call with 400 naming the
 * parameter (bodies are checked by {@link RequestObjectMapper}). Gateways' callbacks ({@link GatewayInput}) pass.
 */
public class NulInRequestFilter {

    @ServerRequestFilter
    public Response refuseNul(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(GatewayInput.class)
                || resource.getResourceClass().isAnnotationPresent(GatewayInput.class))) {
            return null;
        }
        String field = first(request.getUriInfo().getQueryParameters(), "");
        if (field == null) {
            field = first(request.getUriInfo().getPathParameters(), "");
        }
        if (field == null) {
            field = first(request.getHeaders(), "header ");
        }
        return field == null ? null : new ProblemException(ProblemType.VALIDATION, field + ": "
                + NulInInputException.MESSAGE, List.of(new Problem.FieldError(field, NulInInputException.MESSAGE)))
                .problem().toResponse();
    }

    private static String first(MultivaluedMap<String, String> values, String prefix) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (NulCharacters.in(e.getKey()) || e.getValue().stream().anyMatch(NulCharacters::in)) {
                return prefix + NulCharacters.replace(e.getKey());
            }
        }
        return null;
    }
}
