package dev.switchboard.channel.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the contacts that arrive while a batch is being written and writes them together ({@link WriteBatcher}):
 * one statement ({@code ingest_contacts}) and one commit for up to {@code max} contacts, counted as
 * {@code switchboard.ingest.batches} and {@code .batched}. A contact that finds no batch in flight goes at once,
 * alone, on the single-call path ({@code ingest_contact}).
 *
 * <p>The function writes the batch's common contacts (a known sender continuing an interaction, V36) with one
 * statement per table for all of them and the rest one by one; which went the common way is counted
 * ({@code switchboard.ingest.common}).
 */
final class IngestBatcher extends WriteBatcher<IngestBatcher.Element> {

    /** The batch call: parallel arrays, one entry per contact; one row back per contact, in order. */
    private static final String INGEST_BATCH = "select o_result, o_state, o_message, o_detail, o_constraint, o_common"
            + " from ingest_contacts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

    /** One contact's arguments to {@code ingest_contact}, without files (contacts with files are not batched). */
    record Element(String key, String cpType, String cpValue, String channel, String direction, String externalKey,
                   String content, String place, String name, Long interactionId, Boolean joinOpen,
                   Long serviceRequestId, JsonObject data) {
    }

    /**
     * @param max   most contacts in one batch, at most {@link #MOST}
     * @param lanes most batches in flight at once
     * @param alone the single-call path (with its retries) for a contact that goes alone or is tried again
     */
    IngestBatcher(Pool pool, int max, int lanes, Function<Element, Uni<String>> alone, MeterRegistry registry) {
        super("switchboard.ingest", "contacts", "a known sender continuing an interaction", pool, INGEST_BATCH, max,
                lanes, alone, registry);
    }

    @Override
    Tuple arguments(List<Element> batch) {
        return Tuple.tuple().addValue(column(batch, Element::key, String[]::new))
                .addValue(column(batch, Element::cpType, String[]::new))
                .addValue(column(batch, Element::cpValue, String[]::new))
                .addValue(column(batch, Element::channel, String[]::new))
                .addValue(column(batch, Element::direction, String[]::new))
                .addValue(column(batch, Element::externalKey, String[]::new))
                .addValue(column(batch, Element::content, String[]::new))
                .addValue(column(batch, Element::place, String[]::new))
                .addValue(column(batch, Element::name, String[]::new))
                .addValue(column(batch, Element::interactionId, Long[]::new))
                .addValue(column(batch, Element::joinOpen, Boolean[]::new))
                .addValue(column(batch, Element::serviceRequestId, Long[]::new))
                .addValue(column(batch, e -> e.data() == null ? null : e.data().encode(), String[]::new));
    }
}
