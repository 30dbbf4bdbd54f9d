package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A closed contact keeps its first-contact resolution until a later inbound contact of the same customer on the same
 * channel arrives within the window: one that arrives new, and one that becomes the customer's when its own customer is
 * merged into it. The folds (every 0.2 s in tests) look for the earlier contacts only then (V41), not on every change.
 */
@QuarkusTest
class ReportFirstContactTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Test
    void aLaterContactTakesTheFirstContactResolutionWhenNewAndWhenMergedIn() {
        long kept = customer();
        long absorbed = customer();
        long earlier = closedChat(kept);
        long elsewhere = closedChat(absorbed);
        await().atMost(WAIT).until(() -> resolvedFirst(earlier) == 1 && resolvedFirst(elsewhere) == 1);

        // A new chat of the other customer leaves the first customer's contact resolved at first contact.
        long later = one("insert into interaction (customer_id, channel) values ($1, 'CHAT') returning id",
                Tuple.of(absorbed));
        await().atMost(WAIT).until(() -> resolvedFirst(elsewhere) == 0);
        assertThat(resolvedFirst(later)).isZero();
        // Its state changes fold again, and find nothing new to take.
        one("update interaction set state = 'QUEUED', queued_at = now() where id = $1 returning id", Tuple.of(later));
        await().atMost(WAIT).until(() -> one("select count(*) from report_dirty where kind = 'I' and ref_id = $1",
                Tuple.of(later)) == 0);
        assertThat(resolvedFirst(earlier)).isEqualTo(1);

        // The merge moves the other customer's contacts to the first customer (as a customer merge does): that chat
        // is now a later contact of the first customer's too.
        one("update interaction set customer_id = $1 where customer_id = $2 returning id", Tuple.of(kept, absorbed));
        await().atMost(WAIT).until(() -> resolvedFirst(earlier) == 0);
        assertThat(resolvedFirst(elsewhere)).isZero();
        assertThat(one("select customer_id from report_contact_fact where interaction_id = $1", Tuple.of(later)))
                .isEqualTo(kept);
    }

    private long customer() {
        return one("insert into customer (name) values ('first contact') returning id", Tuple.tuple());
    }

    /** An inbound chat answered an hour and a half ago, ended and wrapped up an hour ago. */
    private long closedChat(long customer) {
        return one("""
                insert into interaction (customer_id, channel, state, created_at, queued_at, answered_at, ended_at,
                                         wrapped_at)
                values ($1, 'CHAT', 'CLOSED', now() - interval '2 hours', now() - interval '2 hours',
                        now() - interval '90 minutes', now() - interval '1 hour', now() - interval '1 hour')
                returning id""", Tuple.of(customer));
    }

    /** The contact's folded figure; -1 while it has none. */
    private long resolvedFirst(long interaction) {
        RowSet<Row> rows = pool.preparedQuery("select resolved_first from report_contact_fact where interaction_id = $1")
                .execute(Tuple.of(interaction)).await().atMost(WAIT);
        return rows.size() == 0 ? -1 : rows.iterator().next().getLong(0);
    }

    private long one(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
