package dev.switchboard.indicators.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.indicators.CustomerIndicators;
import dev.switchboard.indicators.service.CustomerIndicatorsService;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A customer's imported indicators, their history, and its holdings. */
@Path("/api/indicators/customers")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.DATA_CENTRE})
@Tag(name = "Indicators")
public class CustomerIndicatorsResource {

    private final CustomerIndicatorsService service;

    CustomerIndicatorsResource(CustomerIndicatorsService service) {
        this.service = service;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A customer's indicators and holdings", description = "The latest indicators, the history"
            + " of the latest dates, and the current holdings with their asset mix; with holdingsAsOf, the holdings"
            + " of that date from the history instead.")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<CustomerIndicators> get(@RestPath long id,
                                       @RestQuery @DefaultValue("30") @Min(1) @Max(3660) int days,
                                       @Parameter(description = "YYYY-MM-DD") @RestQuery String holdingsAsOf) {
        LocalDate date = null;
        if (holdingsAsOf != null && !holdingsAsOf.isBlank()) {
            try {
                date = LocalDate.parse(holdingsAsOf.strip());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("holdingsAsOf", "must be a date, YYYY-MM-DD");
            }
        }
        return service.of(id, days, date).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id));
    }
}
