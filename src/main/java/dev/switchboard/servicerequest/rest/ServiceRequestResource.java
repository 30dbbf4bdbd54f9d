package dev.switchboard.servicerequest.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.organisation.scope.Scoped;
import dev.switchboard.organisation.scope.ScopedRecord;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.servicerequest.Priority;
import dev.switchboard.servicerequest.ServiceRequest;
import dev.switchboard.servicerequest.ServiceRequestStatus;
import dev.switchboard.servicerequest.ServiceRequestType;
import dev.switchboard.servicerequest.service.ServiceRequestService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Service requests: enquiries, requests and complaints. */
@Path("/api/service-requests")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Service requests")
public class ServiceRequestResource {

    /** A new service request; without dueAt the SLA of its priority applies. */
    public record CreateServiceRequest(@NotNull Long customerId, @NotNull ServiceRequestType type,
                                       @NotBlank @Size(max = 500) String subject, @Size(max = 20000) String description,
                                       Priority priority, OffsetDateTime dueAt, Long ownerAgentId) {
    }

    /** Changes; absent fields stay as they are. */
    public record UpdateServiceRequest(ServiceRequestStatus status, Priority priority, OffsetDateTime dueAt,
                                       Long ownerAgentId, @Size(max = 500) String subject,
                                       @Size(max = 20000) String description) {
    }

    /** A service request as the API shows it. */
    public record ServiceRequestView(long id, long customerId, ServiceRequestType type, String subject,
                                     String description, ServiceRequestStatus status, Priority priority,
                                     OffsetDateTime dueAt, Long ownerAgentId, OffsetDateTime createdAt,
                                     OffsetDateTime updatedAt, OffsetDateTime resolvedAt, OffsetDateTime closedAt) {
        static ServiceRequestView of(ServiceRequest s) {
            return new ServiceRequestView(s.id, s.customerId, s.type, s.subject, s.description, s.status, s.priority,
                    s.dueAt, s.ownerAgentId, s.createdAt, s.updatedAt, s.resolvedAt, s.closedAt);
        }
    }

    private final ServiceRequestService requests;
    private final DataScopes scopes;
    private final SecurityIdentity identity;

    ServiceRequestResource(ServiceRequestService requests, DataScopes scopes, SecurityIdentity identity) {
        this.requests = requests;
        this.scopes = scopes;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Open a service request")
    public Uni<Response> open(@NotNull @Valid CreateServiceRequest r) {
        // A customer outside the caller's scope is refused as one that does not exist.
        return scopes.of(identity).chain(scope -> scopes.covers(scope, ScopedRecord.CUSTOMER, r.customerId()))
                .chain(visible -> visible ? Uni.createFrom().voidItem() : Uni.createFrom().failure(
                        ProblemException.invalid("customerId", "no customer " + r.customerId())))
                .chain(() -> requests.open(new ServiceRequestService.NewServiceRequest(r.customerId(), r.type(), r.subject(),
                        r.description(), r.priority(), r.dueAt(), r.ownerAgentId()))
                .map(sr -> Response.status(201).entity(ServiceRequestView.of(sr))
                        .header("Location", "/api/service-requests/" + sr.id).build()));
    }

    @GET
    @Operation(summary = "A customer's service requests", description = "Oldest first, a page of `size` at a time.")
    @Scoped(value = ScopedRecord.CUSTOMER, query = "customerId")
    public Uni<List<ServiceRequestView>> list(@RestQuery @NotNull Long customerId,
                                              @RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                                              @RestQuery @DefaultValue("200") @Min(1) @Max(1000) int size) {
        return requests.listByCustomer(customerId, page, size)
                .map(l -> l.stream().map(ServiceRequestView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Scoped(ScopedRecord.SERVICE_REQUEST)
    public Uni<ServiceRequestView> get(@RestPath long id) {
        return requests.get(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Service request", id))
                .map(ServiceRequestView::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change status, priority, due time, owner or text")
    @Scoped(ScopedRecord.SERVICE_REQUEST)
    public Uni<ServiceRequestView> update(@RestPath long id, @NotNull @Valid UpdateServiceRequest r) {
        return requests.change(id, new ServiceRequestService.Change(r.status(), r.priority(), r.dueAt(),
                r.ownerAgentId(), r.subject(), r.description())).map(ServiceRequestView::of);
    }
}
