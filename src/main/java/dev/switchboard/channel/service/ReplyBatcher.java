package dev.switchboard.channel.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the agents' replies on channels the touchpoint stream delivers (chat) that arrive while a batch of them
 * is being written and writes them together ({@link WriteBatcher}): one statement ({@code reply_messages}) and one
 * commit for up to {@code max} replies, counted as {@code switchboard.reply.batches} and {@code .batched}. A reply
 * that finds no batch in flight goes at once, alone, on the single-call path ({@code reply_message}).
 *
 * <p>The function writes the batch's common replies (on an open chat, by its agent or a supervisor, V39) with one
 * statement per table for all of them and the rest one by one; which went the common way is counted
 * ({@code switchboard.reply.common}).
 */
final class ReplyBatcher extends WriteBatcher<ReplyBatcher.Element> {

    /** The batch call: parallel arrays, one entry per reply, and the streamed channels; one row back per reply. */
    private static final String REPLY_BATCH = "select o_result, o_state, o_message, o_detail, o_constraint, o_common"
            + " from reply_messages($1, $2, $3, $4, $5, $6, $7, $8)";

    /** One reply's arguments to {@code reply_message}, but the streamed channels, which are the service's. */
    record Element(String key, long interactionId, Long agentId, boolean supervisor, String employee, String text,
                   JsonObject data) {
    }

    private final String[] streamed;

    /**
     * @param max      most replies in one batch, at most {@link #MOST}
     * @param lanes    most batches in flight at once
     * @param streamed the channels the touchpoint stream delivers, whose replies reply_message stores
     * @param alone    the single-call path (with its retries) for a reply that goes alone or is tried again
     */
    ReplyBatcher(Pool pool, int max, int lanes, String[] streamed, Function<Element, Uni<String>> alone,
                 MeterRegistry registry) {
        super("switchboard.reply", "replies", "a reply on an open chat by its agent or a supervisor", pool,
                REPLY_BATCH, max, lanes, alone, registry);
        this.streamed = streamed;
    }

    @Override
    Tuple arguments(List<Element> batch) {
        return Tuple.tuple().addValue(column(batch, Element::key, String[]::new))
                .addValue(column(batch, Element::interactionId, Long[]::new))
                .addValue(column(batch, Element::agentId, Long[]::new))
                .addValue(column(batch, Element::supervisor, Boolean[]::new))
                .addValue(column(batch, Element::employee, String[]::new))
                .addValue(column(batch, Element::text, String[]::new))
                .addValue(column(batch, e -> e.data() == null ? null : e.data().encode(), String[]::new))
                .addValue(streamed);
    }
}
