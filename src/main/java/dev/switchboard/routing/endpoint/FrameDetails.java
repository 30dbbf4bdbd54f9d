package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.service.ContactDetails;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.jboss.logging.Logger;

/** Adds the features' {@link ContactDetails} to an outbound task's offer and assigned frames. */
@ApplicationScoped
class FrameDetails {

    private static final Logger LOG = Logger.getLogger(FrameDetails.class);

    private final List<ContactDetails> details;

    FrameDetails(Instance<ContactDetails> details) {
        this.details = details.stream().toList();
    }

    /** The frame with what the features know of its contact; the bare frame when they know nothing or fail. */
    Uni<JsonObject> decorate(JsonObject frame, Contact contact) {
        if (!contact.outbound() || details.isEmpty()) {
            return Uni.createFrom().item(frame);
        }
        Uni<JsonObject> done = Uni.createFrom().item(frame);
        for (ContactDetails d : details) {
            done = done.chain(f -> d.details(contact)
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("The details of interaction %d could not be read for its frame: %s",
                                contact.interactionId(), e.getMessage());
                        return null;
                    })
                    .map(extra -> extra == null ? f : f.mergeIn(extra)));
        }
        return done;
    }
}
