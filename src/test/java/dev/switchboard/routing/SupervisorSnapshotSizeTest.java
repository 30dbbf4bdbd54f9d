package dev.switchboard.routing;

import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.testing.Api;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size of the supervisor's snapshot with 500 agents (50 teams of 10) and 50 queues (five for each
 * of ten teams), unfiltered and subscribed to one team and its five queues; the figures are in
 * docs/benchmarks.md ("Supervisor snapshot at 500 agents").
 */
@QuarkusTest
class SupervisorSnapshotSizeTest {

    private static final Logger LOG = Logger.getLogger(SupervisorSnapshotSizeTest.class);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Inject
    RoutingService routing;

    @Test
    void subscribingToOneTeamShrinksTheSnapshotOfFiveHundredAgents() throws Exception {
        long started = System.nanoTime();
        // Inserted in three statements and loaded into routing as the API does after it wrote a record:
        // 600 requests to the API took 75 s on a loaded two-core machine, too long for the suite.
        String run = Long.toString(Api.unique());
        List<Long> teams = ids(pool.preparedQuery("insert into team (name) select 'size-team-' || $1 || '-' || g"
                + " from generate_series(1, 50) g returning id").execute(Tuple.of(run)));
        List<Long> agents = ids(pool.preparedQuery("insert into agent (name, team_id, tier_clearance, channels)"
                + " select 'size-agent-' || t.id || '-' || g, t.id, 'DIAMOND,GOLD,STANDARD', 'CHAT,EMAIL'"
                + " from unnest($1::bigint[]) t(id), generate_series(1, 10) g returning id")
                .execute(Tuple.of(teams.toArray(new Long[0]))));
        List<Long> queues = ids(pool.preparedQuery("insert into queue (name, channels, teams)"
                + " select 'size-queue-' || $2 || '-' || g, 'CHAT', (($1::bigint[])[(g - 1) / 5 + 1])::text"
                + " from generate_series(1, 50) g returning id").execute(Tuple.of(teams.toArray(new Long[0]), run)));
        List<Uni<Void>> loads = new ArrayList<>();
        queues.forEach(q -> loads.add(routing.refreshQueue(q).replaceWithVoid()));
        agents.forEach(a -> loads.add(routing.refreshAgent(a)));
        Uni.join().all(loads).andFailFast().await().atMost(Duration.ofSeconds(20));
        assertThat(agents).hasSize(500);
        measure(teams, queues, (System.nanoTime() - started) / 1_000_000);
    }

    private static List<Long> ids(Uni<RowSet<Row>> rows) {
        List<Long> ids = new ArrayList<>();
        rows.await().atMost(Duration.ofSeconds(20)).forEach(r -> ids.add(r.getLong("id")));
        ids.sort(null);
        return ids;
    }

    private void measure(List<Long> teams, List<Long> queues, long createdMs) throws Exception {
        try (Sockets supervisor = Sockets.connect(base, "/ws/supervisor",
                SupervisorSocketTest.supervisorToken())) {
            JsonObject all = supervisor.awaitType("snapshot");
            supervisor.send(new JsonObject().put("type", "subscribe").put("teamIds", new JsonArray().add(teams.get(0)))
                    .put("queueIds", new JsonArray(queues.subList(0, 5))));
            supervisor.awaitType("ack");
            JsonObject one = supervisor.awaitType("snapshot");

            assertThat(all.getJsonArray("agents").size()).isGreaterThanOrEqualTo(500);
            assertThat(all.getJsonArray("queues").size()).isGreaterThanOrEqualTo(50);
            assertThat(one.getJsonArray("agents").size()).isEqualTo(10);
            assertThat(one.getJsonArray("queues").size()).isEqualTo(5);
            int allBytes = bytes(all);
            int oneBytes = bytes(one);
            LOG.infof("Supervisor snapshot: unfiltered %d bytes (%d agents, %d queues); one team %d bytes"
                            + " (%d agents, %d queues); records created in %d ms", allBytes,
                    all.getJsonArray("agents").size(), all.getJsonArray("queues").size(), oneBytes,
                    one.getJsonArray("agents").size(), one.getJsonArray("queues").size(), createdMs);
            assertThat(oneBytes).isLessThan(allBytes / 10);
        }
    }

    /** The frame's size as sent: the same JSON written again, in UTF-8. */
    private static int bytes(JsonObject frame) {
        return frame.encode().getBytes(StandardCharsets.UTF_8).length;
    }
}
