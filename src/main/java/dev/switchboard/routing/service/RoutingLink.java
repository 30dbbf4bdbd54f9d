package dev.switchboard.routing.service;

import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** How the {@link Router} of one of several instances reaches the instance that owns routing (docs/routing.md). */
public interface RoutingLink {

    /** Runs a command at the owner; completes with its events once this instance's observers heard of them. */
    Uni<List<RoutingEvent>> command(String actor, RoutingCommand command, List<JsonObject> extra);

    /** Answers a read at the owner. */
    <R> Uni<R> query(RoutingQuery<R> query);

    /** The owner's side: sends committed events to every instance; completes with where they are in that stream. */
    CompletionStage<String> publish(List<RoutingEvent> events, Instant at);
}
