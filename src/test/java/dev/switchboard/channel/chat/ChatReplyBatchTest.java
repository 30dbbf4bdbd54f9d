package dev.switchboard.channel.chat;

import dev.switchboard.channel.Actor;
import dev.switchboard.channel.OutboundResult;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent replies on chats are written in batches (reply_messages: one statement, one commit; the common replies
 * of a large batch with one statement per table), each answered with its own result, in order per chat; a refused
 * reply fails its own caller only, with the problem it gets alone.
 */
@QuarkusTest
class ChatReplyBatchTest {

    private static final int CHATS = 10;
    private static final int ROUNDS = 8;

    @TestHTTPResource("/")
    URI base;

    @Inject
    OutboundService outbound;

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    /** A supervisor may reply on any chat: the agent on shift (the chats start only then) need not take them. */
    private final Actor supervisor = new Actor("supervisor-" + Api.unique(), null, true);

    private double count(String counter) {
        // The service registers its counters when it is first used.
        var found = registry.find(counter).counter();
        return found == null ? 0 : found.count();
    }

    /** One reply of the burst: who sends it, on which interaction, and its idempotency key. */
    private record Reply(Actor actor, long interaction, String text, String key) {
    }

    @Test
    void concurrentRepliesAreBatchedEachAnsweredInOrderAndARefusedOneFailsAlone() throws Exception {
        long run = Api.unique();
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent onShift = desk.agent("Ana Lima")) {
            burst(run, desk);
        }
    }

    private void burst(long run, ChatDesk desk) throws Exception {
        List<Long> chats = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            chats.add(interaction(desk.start(Map.of("name", "Visitor " + i))));
        }
        JsonPath leaving = desk.start(Map.of("name", "Leaving"));
        long left = interaction(leaving);
        try (Sockets chat = desk.customer(leaving, 0)) {
            chat.send(new JsonObject().put("type", "end"));
            chat.awaitType("ended");
        }
        // The refusals as a reply sent alone gets them (nothing in flight: the single call).
        List<Reply> refused = List.of(
                new Reply(supervisor, 999_999_999L, "refused " + run + " unknown", null),
                new Reply(supervisor, left, "refused " + run + " left", null),
                new Reply(new Actor("bystander-" + run, null, false), chats.get(0), "refused " + run + " theirs", null));
        Map<String, Problem> alone = new HashMap<>();
        for (Reply r : refused) {
            alone.put(r.text(), problem(failure(send(r))));
        }

        double batchesBefore = count("switchboard.reply.batches");
        double batchedBefore = count("switchboard.reply.batched");
        double commonBefore = count("switchboard.reply.common");
        List<Reply> burst = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int c = 0; c < CHATS; c++) {
                // The first round's replies carry a key, and are sent again at the end of the burst.
                burst.add(new Reply(supervisor, chats.get(c), "reply " + run + " chat " + c + " #" + round,
                        round == 0 ? "batch-" + run + "-" + c : null));
            }
            if (round < refused.size()) {
                burst.add(refused.get(round));
            }
        }
        List<Reply> twins = burst.stream().filter(r -> r.key() != null).toList();
        burst.addAll(twins);

        List<CompletableFuture<OutboundResult>> answers = burst.stream().map(this::send).toList();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(60, TimeUnit.SECONDS);

        Map<String, OutboundResult> byText = new HashMap<>();
        Map<Long, List<Long>> byChat = new HashMap<>();
        for (int i = 0; i < burst.size(); i++) {
            Reply r = burst.get(i);
            if (r.text().startsWith("refused")) {
                Problem problem = problem(failure(answers.get(i)));
                assertThat(problem).as(r.text()).isEqualTo(alone.get(r.text()));
                continue;
            }
            OutboundResult result = answers.get(i).join();
            assertThat(result.interactionId()).isEqualTo(r.interaction());
            assertThat(result.status().name()).isEqualTo("SENT");
            OutboundResult first = byText.putIfAbsent(r.text(), result);
            if (first == null) {
                assertThat(result.created()).as("first sending of %s", r.text()).isTrue();
                byChat.computeIfAbsent(r.interaction(), k -> new ArrayList<>()).add(result.touchpointId());
            } else {
                assertThat(result.created()).as("repeat of %s", r.text()).isFalse();
                assertThat(result.touchpointId()).isEqualTo(first.touchpointId());
            }
        }
        assertThat(byText).hasSize(CHATS * ROUNDS);
        // Each chat's replies stored in the order they were sent.
        assertThat(byChat).hasSize(CHATS);
        byChat.values().forEach(ids -> assertThat(ids).hasSize(ROUNDS).isSorted());

        // Each reply stored exactly once, the refused ones not at all.
        Map<String, Long> stored = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("select content, count(*) from touchpoint where kind = 'MESSAGE_OUT'"
                        + " and (content like $1 or content like $2) group by content")
                .execute(Tuple.of("reply " + run + " %", "refused " + run + " %"))
                .await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        rows.forEach(row -> stored.put(row.getString(0), row.getLong(1)));
        assertThat(stored.keySet()).isEqualTo(byText.keySet());
        assertThat(stored.values()).containsOnly(1L);

        double batches = count("switchboard.reply.batches") - batchesBefore;
        double batched = count("switchboard.reply.batched") - batchedBefore;
        double common = count("switchboard.reply.common") - commonBefore;
        System.out.printf("Reply batches: %.0f writes for %.0f replies, %.0f of them set-based%n", batches, batched,
                common);
        assertThat(batched).as("replies through the batcher").isEqualTo(burst.size());
        assertThat(batches).as("batches for %s replies", batched).isGreaterThan(0).isLessThan(burst.size() / 4.0);
        // Most of the burst's batches are large enough for the set-based statements (V39).
        assertThat(common).as("replies written the common way").isPositive();

        // A client's retry after the burst is answered from its key, nothing written again.
        for (Reply twin : twins) {
            OutboundResult retry = send(twin).get(10, TimeUnit.SECONDS);
            assertThat(retry.created()).isFalse();
            assertThat(retry.touchpointId()).isEqualTo(byText.get(twin.text()).touchpointId());
        }
    }

    private long interaction(JsonPath session) {
        return pool.preparedQuery("select interaction_id from chat_session where id = $1::uuid")
                .execute(Tuple.of(session.getString("sessionId"))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private CompletableFuture<OutboundResult> send(Reply r) {
        return outbound.reply(r.actor(), r.interaction(), r.text(), List.of(), Map.of(), r.key())
                .subscribeAsCompletionStage();
    }

    /** The problem a refused reply failed with (the client's problem+json). */
    private static Problem problem(Throwable failure) {
        assertThat(failure).isInstanceOf(ProblemException.class);
        return ((ProblemException) failure).problem();
    }

    /** The failure the answer completed with, as the caller got it (null: none). */
    private static Throwable failure(CompletableFuture<OutboundResult> answer) {
        return answer.handle((result, failure) -> failure).join();
    }
}
