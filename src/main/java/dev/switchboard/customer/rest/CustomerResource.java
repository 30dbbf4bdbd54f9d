package dev.switchboard.customer.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.rest.CustomerApi.ContactPointRequest;
import dev.switchboard.customer.rest.CustomerApi.ContactPointView;
import dev.switchboard.customer.rest.CustomerApi.CreateCustomer;
import dev.switchboard.customer.rest.CustomerApi.CustomerView;
import dev.switchboard.customer.rest.CustomerApi.MergeRequest;
import dev.switchboard.customer.rest.CustomerApi.MergeView;
import dev.switchboard.customer.rest.CustomerApi.UpdateCustomer;
import dev.switchboard.customer.rest.CustomerApi.UpdateMetrics;
import dev.switchboard.customer.service.CustomerService;
import dev.switchboard.customer.service.MergeService;
import dev.switchboard.interaction.TouchpointView;
import dev.switchboard.interaction.service.TimelineService;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Customer profiles, contact points, tier metrics, timeline and merges. */
@Path("/api/customers")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Customers")
public class CustomerResource {

    private final CustomerService customers;
    private final MergeService merges;
    private final TimelineService timeline;
    private final SecurityIdentity identity;
    private final DataScopes scopes;

    CustomerResource(CustomerService customers, MergeService merges, TimelineService timeline,
                     SecurityIdentity identity, DataScopes scopes) {
        this.customers = customers;
        this.merges = merges;
        this.timeline = timeline;
        this.identity = identity;
        this.scopes = scopes;
    }

    @POST
    @Operation(summary = "Create a customer", description = "Contact points are normalised; one that belongs to"
            + " another customer gives 409, as does a customer number in use.")
    public Uni<Response> create(@NotNull @Valid CreateCustomer request) {
        return customers.create(
                        new CustomerService.ProfileInput(request.name(), request.customerNo(), request.advisorTeamId(),
                                request.smsOptOut(), request.emailOptOut(), request.attributes()),
                        new CustomerService.Metrics(request.assets(), request.turnover(), request.commission()),
                        request.contactPoints() == null ? List.of()
                                : request.contactPoints().stream().map(ContactPointRequest::input).toList())
                .map(p -> Response.status(201).entity(CustomerView.of(p))
                        .header("Location", "/api/customers/" + p.customer().id).build());
    }

    @GET
    @Operation(summary = "Find customers", description = "With `contact`, the customer owning that phone number,"
            + " email, fax number, SIP URI or chat visitor id (in any format). With `q`, a page of customers (not"
            + " merged into another) whose name contains the text, in any case, or who own the contact point it is"
            + " in any format, by name. Otherwise a page of customers, newest first. Summary rows: no contact points.")
    public Uni<List<CustomerView>> find(@RestQuery String contact, @RestQuery ContactPointType type,
                                        @Parameter(description = "Part of a name, or a whole phone or fax number,"
                                                + " email address, SIP URI or chat visitor id")
                                        @RestQuery @Size(max = 200) String q,
                                        @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                                        @RestQuery @DefaultValue("20") @Min(1) @Max(200) int size) {
        if (contact != null) {
            if (q != null) {
                throw ProblemException.invalid("q", "give either contact or q");
            }
            return scopes.of(identity).chain(scope -> customers.findByContactPoint(type, contact)
                    .chain(p -> p == null ? Uni.createFrom().item(List.<CustomerView>of())
                            : scopes.covers(scope, ScopedRecord.CUSTOMER, p.customer().id)
                            .map(visible -> visible ? List.of(CustomerView.of(p)) : List.<CustomerView>of())));
        }
        if (q != null) {
            if (q.isBlank()) {
                throw ProblemException.invalid("q", "must not be blank");
            }
            return scopes.of(identity).chain(scope -> customers.search(q, page, size, scope))
                    .map(l -> l.stream().map(CustomerView::summary).toList());
        }
        return scopes.of(identity).chain(scope -> customers.list(page, size, scope))
                .map(l -> l.stream().map(CustomerView::summary).toList());
    }

    @GET
    @Path("/{id}")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<CustomerView> get(@RestPath long id) {
        return customers.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id))
                .map(CustomerView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a customer's profile")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<CustomerView> update(@RestPath long id, @NotNull @Valid UpdateCustomer request) {
        return customers.update(id, request.input()).map(CustomerView::of);
    }

    @PUT
    @Path("/{id}/metrics")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Update tier metrics", description = "Recomputes the tier; a change is recorded as a"
            + " TIER_CHANGED touchpoint.")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<CustomerView> metrics(@RestPath long id, @NotNull @Valid UpdateMetrics request) {
        return customers.updateMetrics(id, new CustomerService.Metrics(request.assets(), request.turnover(),
                request.commission()), identity.getPrincipal().getName()).map(CustomerView::of);
    }

    @POST
    @Path("/{id}/contact-points")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<Response> addContactPoint(@RestPath long id, @NotNull @Valid ContactPointRequest request) {
        return customers.addContactPoint(id, request.input())
                .map(cp -> Response.status(201).entity(ContactPointView.of(cp)).build());
    }

    @DELETE
    @Path("/{id}/contact-points/{contactPointId}")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<Response> removeContactPoint(@RestPath long id, @RestPath long contactPointId) {
        return customers.removeContactPoint(id, contactPointId).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound("Contact point", contactPointId + " of customer " + id);
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "The customer's timeline", description = "Every touchpoint across channels, newest first.")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<PageView<TouchpointView>> timeline(@RestPath long id,
                                                  @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE)
                                                  int page,
                                                  @RestQuery @DefaultValue("50") @Min(1) @Max(500) int size) {
        return customers.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id))
                .chain(() -> timeline.timeline(id, page, size));
    }

    @POST
    @Path("/{id}/merge")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Merge another customer into this one", description = "Contact points, interactions,"
            + " service requests and touchpoints move here; undo with POST /api/merges/{mergeId}/undo.")
    @Scoped(ScopedRecord.CUSTOMER)
    public Uni<Response> merge(@RestPath long id, @NotNull @Valid MergeRequest request) {
        // The customer merged away must be the caller's to see too: 404 otherwise, as for one that does not exist.
        return scopes.require(identity, ScopedRecord.CUSTOMER, request.mergedId())
                .chain(() -> merges.merge(id, request.mergedId(), identity.getPrincipal().getName()))
                .map(m -> Response.status(201).entity(MergeView.of(m)).header("Location", "/api/merges/" + m.id).build());
    }
}
