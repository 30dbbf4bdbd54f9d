package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import dev.switchboard.testing.Records;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueueResourceTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";

    @Test
    void everyFieldIsStoredAndReadBack() {
        long overflow = Org.queue(Map.of());
        long seniors = Org.team("SENIOR");
        long second = Org.team("SECOND_LINE");
        String name = Org.name("Diamond desk");
        var created = Api.asAdmin().body(Map.of(
                        "name", name, "channels", List.of("CHAT", "VOICE"),
                        "skills", Map.of("Mandarin", 6, "options", 4),
                        "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "VOICE", "seconds", 30),
                                Map.of("tier", "DIAMOND", "channel", "CHAT", "seconds", 45)),
                        "overflowQueueId", overflow, "overflowTeams", List.of(seniors, second),
                        "businessHours", "Mon-Fri 09:00-18:00 Asia/Shanghai"))
                .post("/api/queues").then().statusCode(201).extract();
        int id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/queues/" + id);

        Api.asRole("agent").get("/api/queues/" + id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("channels", equalTo(List.of("VOICE", "CHAT")))
                .body("skills", equalTo(Map.of("mandarin", 6, "options", 4)))
                .body("answerTargets", equalTo(List.of(
                        Map.of("tier", "DIAMOND", "channel", "CHAT", "seconds", 45),
                        Map.of("tier", "GOLD", "channel", "VOICE", "seconds", 30))))
                .body("overflowQueueId", equalTo((int) overflow))
                .body("overflowTeams", equalTo(List.of((int) seniors, (int) second)))
                .body("businessHours", equalTo("Mon-Fri 09:00-18:00 Asia/Shanghai"));
        Api.asRole("supervisor").get("/api/queues").then().statusCode(200).body("id", hasItem(id));
        assertThat(Records.auditActions("queue:" + id)).containsExactly("queue-created");
    }

    @Test
    void effectiveTargetsAreTheQueuesOwnOverTheConfiguredDefaults() {
        long id = Org.queue(Map.of("channels", List.of("VOICE", "CHAT", "EMAIL"),
                "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "VOICE", "seconds", 30))));
        JsonPath queue = Api.asAdmin().get("/api/queues/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(queue.getList("effectiveAnswerTargets")).hasSize(9);
        assertThat(effective(queue, "GOLD", "VOICE")).isEqualTo(Map.of("tier", "GOLD", "channel", "VOICE",
                "seconds", 30, "source", "QUEUE"));
        assertThat(effective(queue, "DIAMOND", "VOICE")).containsEntry("seconds", 20).containsEntry("source", "DEFAULT");
        assertThat(effective(queue, "STANDARD", "EMAIL")).containsEntry("seconds", 24 * 3600);
    }

    @Test
    void defaultTargetsCoverEveryTierAndChannel() {
        long id = Org.queue(Map.of("channels", List.of("VOICE", "VOIP", "CHAT", "SMS", "EMAIL", "FAX", "API")));
        JsonPath q = Api.asAdmin().get("/api/queues/" + id).then().statusCode(200).extract().jsonPath();
        Map<String, int[]> expected = Map.of(
                "VOICE", new int[] {20, 40, 90}, "VOIP", new int[] {20, 40, 90},
                "CHAT", new int[] {60, 120, 300}, "SMS", new int[] {60, 120, 300},
                "EMAIL", new int[] {4 * 3600, 8 * 3600, 24 * 3600}, "FAX", new int[] {4 * 3600, 8 * 3600, 24 * 3600},
                "API", new int[] {4 * 3600, 8 * 3600, 24 * 3600});
        expected.forEach((channel, seconds) -> {
            assertThat(effective(q, "DIAMOND", channel)).containsEntry("seconds", seconds[0]);
            assertThat(effective(q, "GOLD", channel)).containsEntry("seconds", seconds[1]);
            assertThat(effective(q, "STANDARD", channel)).containsEntry("seconds", seconds[2]);
        });
        assertThat(q.getList("effectiveAnswerTargets")).hasSize(21);
    }

    @Test
    void putReplacesTheWholeRecordAndIsAudited() {
        long overflow = Org.queue(Map.of());
        long id = Org.queue(Map.of("channels", List.of("CHAT", "SMS"), "skills", Map.of("billing", 3),
                "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "SMS", "seconds", 90)),
                "overflowQueueId", overflow, "businessHours", "24/7"));
        String name = Org.name("renamed");
        Api.asAdmin().body(Map.of("name", name, "channels", List.of("EMAIL"),
                        "answerTargets", List.of(Map.of("tier", "STANDARD", "channel", "EMAIL", "seconds", 7200))))
                .put("/api/queues/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("skills", equalTo(Map.of())).body("overflowQueueId", nullValue())
                .body("businessHours", nullValue()).body("answerTargets.seconds", equalTo(List.of(7200)));
        Api.asAdmin().get("/api/queues/" + id).then().body("channels", equalTo(List.of("EMAIL")))
                .body("answerTargets", equalTo(List.of(Map.of("tier", "STANDARD", "channel", "EMAIL", "seconds", 7200))));

        var changed = Records.audit("queue:" + id).get(1);
        assertThat(changed.action).isEqualTo("queue-changed");
        assertThat(changed.detail.get("before").toString()).contains("GOLD/SMS=90s");
        assertThat(changed.detail.get("after").toString()).contains("STANDARD/EMAIL=7200s");
    }

    @Test
    void answerTargetsMustFitTheQueue() {
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "VOICE", "seconds", 30))))
                .post("/api/queues").then().statusCode(400)
                .body("errors.field", equalTo(List.of("answerTargets[0].channel")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "CHAT", "seconds", 30),
                                Map.of("tier", "GOLD", "channel", "CHAT", "seconds", 60))))
                .post("/api/queues").then().statusCode(400).body("errors.field", equalTo(List.of("answerTargets[1]")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "answerTargets", List.of(Map.of("tier", "GOLD", "channel", "CHAT", "seconds", 0))))
                .post("/api/queues").then().statusCode(400)
                .body("errors.field", equalTo(List.of("answerTargets[0].seconds")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "answerTargets", List.of(Map.of("tier", "PLATINUM", "channel", "CHAT", "seconds", 9))))
                .post("/api/queues").then().statusCode(400)
                .body("errors.field", equalTo(List.of("answerTargets[0].tier")));
    }

    @Test
    void invalidQueuesAreRejectedWithFieldErrors() {
        Api.asAdmin().body(Map.of("channels", List.of("CHAT"))).post("/api/queues").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "validation")).body("errors.field", equalTo(List.of("name")));
        Api.asAdmin().body(Map.of("name", Org.name("q"))).post("/api/queues").then().statusCode(400)
                .body("errors.field", equalTo(List.of("channels")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("SYSTEM"))).post("/api/queues")
                .then().statusCode(400).body("errors.field", equalTo(List.of("channels")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("TELEX"))).post("/api/queues")
                .then().statusCode(400).body("errors.field", equalTo(List.of("channels[0]")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"), "skills", Map.of("x", 0)))
                .post("/api/queues").then().statusCode(400).body("errors.field", equalTo(List.of("skills[x]")));
    }

    @Test
    void overflowMustPointAtExistingRecordsWithoutACircle() {
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"), "overflowQueueId", 987654321))
                .post("/api/queues").then().statusCode(400).body("errors.field", equalTo(List.of("overflowQueueId")));
        long team = Org.team(null);
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "overflowTeams", List.of(team, 987654321)))
                .post("/api/queues").then().statusCode(400).body("errors.field", equalTo(List.of("overflowTeams[1]")));

        long a = Org.queue(Map.of());
        long b = Org.queue(Map.of("overflowQueueId", a));
        long c = Org.queue(Map.of("overflowQueueId", b));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"), "overflowQueueId", a))
                .put("/api/queues/" + a).then().statusCode(400).body("errors.field", equalTo(List.of("overflowQueueId")));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"), "overflowQueueId", c))
                .put("/api/queues/" + a).then().statusCode(400).body("errors.field", equalTo(List.of("overflowQueueId")));
        Api.asAdmin().get("/api/queues/" + a).then().body("overflowQueueId", nullValue());
    }

    @Test
    void aQueueOthersOverflowIntoOrWithInteractionsCannotBeDeleted() {
        long target = Org.queue(Map.of());
        long source = Org.queue(Map.of("overflowQueueId", target));
        Api.asAdmin().delete("/api/queues/" + target).then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));
        Api.asAdmin().delete("/api/queues/" + source).then().statusCode(204);
        Api.asAdmin().delete("/api/queues/" + target).then().statusCode(204);
        Api.asAdmin().get("/api/queues/" + target).then().statusCode(404);
        assertThat(Records.auditActions("queue:" + target)).containsExactly("queue-created", "queue-deleted");

        long used = Org.queue(Map.of());
        long customer = Org.customer(Map.of("name", "Queued customer",
                "contactPoints", List.of(Map.of("type", "PHONE", "value", Api.uniqueMobile()))));
        Records.inTransaction(() -> {
            Interaction i = new Interaction();
            i.customerId = customer;
            i.channel = Channel.CHAT;
            i.queueId = used;
            return i.persist();
        });
        Api.asAdmin().delete("/api/queues/" + used).then().statusCode(409);
        Api.asAdmin().get("/api/queues/" + used).then().statusCode(200);
    }

    @Test
    void aTakenNameConflicts() {
        String name = Org.name("queue");
        Org.queue(Map.of("name", name));
        Api.asAdmin().body(Map.of("name", name, "channels", List.of("SMS"))).post("/api/queues")
                .then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));
        long other = Org.queue(Map.of());
        Api.asAdmin().body(Map.of("name", name, "channels", List.of("SMS"))).put("/api/queues/" + other)
                .then().statusCode(409);
    }

    @Test
    void onlyAdminsWriteAndUnknownQueuesAreNotFound() {
        long id = Org.queue(Map.of());
        Map<String, Object> body = Map.of("name", Org.name("q"), "channels", List.of("CHAT"));
        Api.asRole("agent").body(body).post("/api/queues").then().statusCode(403);
        Api.asRole("supervisor").body(body).put("/api/queues/" + id).then().statusCode(403);
        Api.asRole("agent").delete("/api/queues/" + id).then().statusCode(403);
        Org.anonymous().get("/api/queues").then().statusCode(401);
        Org.anonymous().body(body).post("/api/queues").then().statusCode(401);

        Api.asAdmin().get("/api/queues/987654321").then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
        Api.asAdmin().body(body).put("/api/queues/987654321").then().statusCode(404);
        Api.asAdmin().delete("/api/queues/987654321").then().statusCode(404);
    }

    private static Map<String, Object> effective(JsonPath queue, String tier, String channel) {
        return queue.getMap("effectiveAnswerTargets.find { it.tier == '" + tier + "' && it.channel == '" + channel + "' }");
    }
}
