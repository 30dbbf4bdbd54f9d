package dev.switchboard.routing.service;

import dev.switchboard.routing.engine.Contact;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * What a feature adds to the agent's {@code offer} and {@code assigned} frames about one of its outbound tasks (a
 * proactive task's event, exposure and suggested action): the agent sees it with the offer, not after a lookup.
 */
public interface ContactDetails {

    /**
     * The fields to add to the frame (for example {@code {"proactive": {...}}}), or a null item when the outbound
     * contact is none of this feature's business. Asked only for outbound contacts.
     */
    Uni<JsonObject> details(Contact contact);
}
