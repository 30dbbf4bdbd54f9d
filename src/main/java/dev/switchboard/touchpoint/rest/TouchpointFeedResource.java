package dev.switchboard.touchpoint.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.auth.Roles;
import dev.switchboard.organisation.scope.DataScopes;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.touchpoint.OutboxEntry;
import dev.switchboard.touchpoint.repository.OutboxRepository;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** The durable touchpoint feed: replay the stream from any point. */
@Path("/api/touchpoints")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Touchpoint stream")
public class TouchpointFeedResource {

    private static final Pattern CURSOR = Pattern.compile("^(\\d{1,20})\\.(\\d{1,19})$");

    /** A page of events and the cursor to ask for the next one (the same cursor when nothing new came). */
    public record FeedPage(List<JsonNode> items, String next) {
    }

    private final OutboxRepository outbox;
    private final ObjectMapper json;
    private final DataScopes scopes;
    private final SecurityIdentity identity;

    TouchpointFeedResource(OutboxRepository outbox, ObjectMapper json, DataScopes scopes, SecurityIdentity identity) {
        this.outbox = outbox;
        this.json = json;
        this.scopes = scopes;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Read the touchpoint feed", description = "Events in stream order after the cursor"
            + " (omit it to start at the beginning). Keep the returned 'next' and pass it as 'after' to continue.")
    public Uni<FeedPage> feed(@RestQuery String after,
                              @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        String txid = "0";
        long id = 0;
        if (after != null && !after.isEmpty()) {
            var m = CURSOR.matcher(after);
            if (!m.matches()) {
                throw ProblemException.invalid("after", "is not a cursor returned by this feed");
            }
            txid = m.group(1);
            id = Long.parseLong(m.group(2));
        }
        String start = after == null || after.isEmpty() ? "0.0" : after;
        String fromTxid = txid;
        long fromId = id;
        // Only the events of the customers the caller may see (docs/organisation.md, data scoping).
        return scopes.of(identity)
                .chain(scope -> outbox.feed(fromTxid, fromId, limit, scope.sql("outbox.customer_id")))
                .map(entries -> {
                    List<JsonNode> items = new ArrayList<>(entries.size());
                    for (OutboxEntry e : entries) {
                        items.add(read(e.payload()));
                    }
                    return new FeedPage(items, entries.isEmpty() ? start : entries.get(entries.size() - 1).cursor());
                });
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
