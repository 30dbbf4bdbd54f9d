package dev.switchboard.routing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent's routing frames reach the routing thread in order without each waiting for the commit of the one before
 * (docs/routing.md, "Frames in flight"), while every answer still goes out only after its command was committed, in
 * the order of the frames. The journal is held up by a transaction that locks the interaction's row, which every
 * routing change of the contact updates.
 */
@QuarkusTest
class RoutingFramesPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Test
    void acceptEndAndWrapUpRunBeforeTheAcceptIsCommittedAndAreAnsweredOnlyAfterTheirCommits() throws Exception {
        RoutingSocketTest.Desk desk = RoutingSocketTest.Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            long interaction = offeredChat(desk, agent);
            HeldRow held = hold(interaction);
            try {
                agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction).put("ref", "a"));
                agent.send(new JsonObject().put("type", "end").put("interactionId", interaction).put("ref", "e"));
                agent.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                        .put("disposition", "resolved").put("ref", "w"));

                // The accept cannot commit, yet routing has run all three: the agent holds nothing any more.
                await().atMost(WAIT).until(() -> RoutingSocketTest.agentStatus(desk.agent()).getJsonArray("work").isEmpty());
                Thread.sleep(300);
                assertThat(types(agent)).as("nothing is answered or announced before its commit").isEmpty();
                assertThat(RoutingSocketTest.interactionState(interaction)).isEqualTo("OFFERED");
            } finally {
                held.release();
            }

            // Each answer after its commit and after the news of it, the answers in the order of the frames.
            List<String> seen = new ArrayList<>();
            JsonObject frame;
            do {
                frame = agent.await(f -> !"touchpoint".equals(f.getString("type")), WAIT);
                seen.add(frame.getString("type") + (frame.containsKey("ref") ? " " + frame.getString("ref") : ""));
            } while (!"w".equals(frame.getString("ref")));
            assertThat(seen).containsExactlyInAnyOrder("assigned", "ack a", "wrap-up", "ack e", "wrapped", "ack w");
            assertThat(seen.stream().filter(t -> t.startsWith("ack")).toList()).containsExactly("ack a", "ack e", "ack w");
            assertThat(seen.indexOf("assigned")).isLessThan(seen.indexOf("ack a"));
            assertThat(seen.indexOf("wrap-up")).isLessThan(seen.indexOf("ack e"));
            assertThat(seen.indexOf("wrapped")).isLessThan(seen.indexOf("ack w"));
            await().atMost(WAIT).until(() -> "CLOSED".equals(RoutingSocketTest.interactionState(interaction)));
        }
    }

    @Test
    void aRefusalAndAPresenceChangeAreAnsweredAfterTheRoutingFrameBeforeThem() throws Exception {
        RoutingSocketTest.Desk desk = RoutingSocketTest.Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            long interaction = offeredChat(desk, agent);
            HeldRow held = hold(interaction);
            try {
                agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction).put("ref", 1));
                // Refused at once by routing (not this agent's), but answered only after the accept.
                agent.send(new JsonObject().put("type", "end").put("interactionId", 999_999_999L).put("ref", 2));
                agent.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "lunch")
                        .put("ref", 3));
                await().atMost(WAIT).until(() -> "ACTIVE".equals(RoutingSocketTest.agentStatus(desk.agent()).getJsonArray("work")
                        .getJsonObject(0).getString("phase")));
                Thread.sleep(500);
                assertThat(types(agent)).as("nothing is answered before the accept's commit").isEmpty();
            } finally {
                held.release();
            }

            JsonObject first = agent.await(f -> f.containsKey("ref"), WAIT);
            assertThat(first.getString("type")).isEqualTo("ack");
            assertThat(first.getInteger("ref")).isEqualTo(1);
            JsonObject second = agent.await(f -> f.containsKey("ref"), WAIT);
            assertThat(second.getString("type")).isEqualTo("error");
            assertThat(second.getString("code")).isEqualTo("not-yours");
            assertThat(second.getInteger("ref")).isEqualTo(2);
            JsonObject third = agent.await(f -> f.containsKey("ref"), WAIT);
            assertThat(third.getString("of")).isEqualTo("presence");
            assertThat(third.getInteger("ref")).isEqualTo(3);
        }
    }

    /**
     * The types of the frames received so far, taken off the socket, but for the touchpoints (those of the offer
     * may come late: the publisher sends what is committed).
     */
    private static List<String> types(Sockets socket) {
        List<JsonObject> frames = new ArrayList<>();
        socket.frames.drainTo(frames);
        return frames.stream().map(f -> f.getString("type")).filter(t -> !"touchpoint".equals(t)).toList();
    }

    /** The agent made available and offered a new chat of its queue: the chat's interaction. */
    private static long offeredChat(RoutingSocketTest.Desk desk, Sockets agent) throws Exception {
        agent.awaitType("state");
        agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
        agent.awaitType("ack");
        long interaction = desk.chat();
        assertThat(agent.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
        return interaction;
    }

    /** A transaction of another connection holding the interaction's row: the journal cannot commit its changes. */
    private HeldRow hold(long interaction) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        connection.preparedQuery("select 1 from interaction where id = $1 for update")
                .execute(Tuple.of(interaction)).await().atMost(WAIT);
        return new HeldRow(connection, tx);
    }

    private record HeldRow(SqlConnection connection, Transaction tx) {
        void release() {
            tx.commit().await().atMost(WAIT);
            connection.close().await().atMost(WAIT);
        }
    }
}
