package dev.switchboard.console;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The administration pages in headless Chromium, used as an administrator sets up a centre without curl: a user, a
 * team, an agent for the user and a queue for the team, all through the pages; then the new agent signs in to the
 * console and takes a contact from the new queue. Takes the admin screenshots of docs/console/.
 */
@QuarkusTest
class AdminBrowserTest {

    static final Path SHOTS = Path.of("docs/console");
    static final List<String> CRITICAL = List.of("critical");

    @TestHTTPResource("/")
    URI base;

    /** Clicks an element of the long forms once it is scrolled into the middle of its scrolling box. */
    static void click(ConsolePage page, String selector) {
        page.js("arguments[0].scrollIntoView({block: 'center'})", page.find(selector));
        page.click(selector);
    }

    @Test
    void anAdminSetsUpAUserTeamAgentAndQueueInThePagesAndTheNewAgentTakesAContact() throws Exception {
        String username = Org.name("admin-ui");
        String password = "password-" + username;
        String teamName = Org.name("Admin UI team");
        String queueName = Org.name("Admin UI queue");
        try (ConsolePage admin = ConsolePage.open(base, "en-US")) {
            admin.go("/console/");
            admin.type("#username", "admin");
            admin.type("#password", Api.ADMIN_PASSWORD);
            click(admin, "#signin");
            admin.find("#nav-admin");
            assertThat((String) admin.js("return location.hash")).isIn("#/wallboard", "#/admin");
            click(admin, "#nav-admin");
            assertThat(admin.text("#admin-nav-users")).isEqualTo("Users");

            // Users: the page's own check first, then a user created, then the API's 409 for the same username
            click(admin, "#user-create");
            assertThat(admin.waitForText("#user-username-error", "Required")).isEqualTo("Required.");
            admin.type("#user-username", username);
            admin.type("#user-display-name", "Zhou Min");
            admin.type("#user-password", password);
            click(admin, "#user-create");
            String userRow = "#users-table tr[data-username='" + username + "']";
            assertThat(admin.waitForText(userRow, username)).contains("Zhou Min").contains("Agent").contains("Active");
            long userId = Long.parseLong(admin.find(userRow).getAttribute("data-user"));
            assertThat(admin.text("#user-done")).isEqualTo("Created " + username + ".");
            admin.screenshot(SHOTS.resolve("admin-users-en.png"));
            assertThat(admin.accessibilityViolations(CRITICAL)).isEmpty();

            admin.type("#user-username", username);
            admin.type("#user-password", "another-password");
            click(admin, "#user-create");
            assertThat(admin.waitForText("#user-problem", "taken"))
                    .isEqualTo("Conflict with the current state: The username " + username + " is taken");

            // Disable and enable the user; reset its password (the page's check first)
            click(admin, userRow + " button.toggle-enabled");
            assertThat(admin.waitForText(userRow + " td.status", "Disabled")).isEqualTo("Disabled");
            click(admin, userRow + " button.toggle-enabled");
            assertThat(admin.waitForText(userRow + " td.status", "Active")).isEqualTo("Active");
            click(admin, userRow + " button.edit");
            admin.type("#user-new-password", "short");
            click(admin, "#user-reset-password");
            assertThat(admin.waitForText("#user-new-password-error", "8")).isEqualTo("A password has 8 to 200 characters.");
            admin.find("#user-new-password").clear();
            password = "new-password-" + username;
            admin.type("#user-new-password", password);
            click(admin, "#user-reset-password");
            assertThat(admin.waitForText("#user-edit-done", "reset")).startsWith("Password reset");

            // Teams
            click(admin, "#admin-nav-teams");
            admin.type("#team-name", teamName);
            admin.choose("#team-tier", "SECOND_LINE");
            click(admin, "#team-save");
            String teamRow = "#teams-table tr[data-name='" + teamName + "']";
            assertThat(admin.waitForText(teamRow, teamName)).contains("Second line");
            long teamId = Long.parseLong(admin.find(teamRow).getAttribute("data-team"));
            assertThat(admin.accessibilityViolations(CRITICAL)).isEmpty();

            // Agents: SMS and chat, every tier, for the new user in the new team; a capacity out of range first
            click(admin, "#admin-nav-agents");
            admin.find("#agent-user option[value='" + userId + "']");
            admin.type("#agent-name", "Zhou Min");
            admin.choose("#agent-user", String.valueOf(userId));
            admin.choose("#agent-team", String.valueOf(teamId));
            for (String channel : List.of("VOICE", "VOIP", "FAX", "EMAIL")) click(admin, "#agent-channel-" + channel);
            click(admin, "#agent-tier-DIAMOND");
            click(admin, "#agent-tier-GOLD");
            admin.type("#agent-skills", "Mandarin 8, options 5");
            admin.find("#agent-capacity").clear();
            admin.type("#agent-capacity", "5000");
            click(admin, "#agent-save");
            assertThat(admin.waitForText("#agent-capacity-error", "1000")).isEqualTo("A whole number from 1 to 1000.");
            admin.find("#agent-capacity").clear();
            admin.type("#agent-capacity", "100");
            click(admin, "#agent-save");
            String agentRow = "#agents-table tr[data-user='" + userId + "']";
            assertThat(admin.waitForText(agentRow, "Zhou Min")).contains(username).contains(teamName)
                    .contains("mandarin 8, options 5");
            assertThat(admin.find(agentRow + " td.channels").getAttribute("data-channels")).isEqualTo("CHAT,SMS");
            assertThat(admin.find(agentRow + " td.tiers").getAttribute("data-tiers")).isEqualTo("DIAMOND,GOLD,STANDARD");
            assertThat(admin.accessibilityViolations(CRITICAL)).isEmpty();

            // Queues: SMS and chat for the new team, a target, a disposition in both languages; the API's field
            // message for business hours it cannot read, shown next to the field
            click(admin, "#admin-nav-queues");
            admin.find("#queue-team-" + teamId);
            admin.type("#queue-name", queueName);
            click(admin, "#queue-channel-SMS");
            click(admin, "#queue-channel-CHAT");
            click(admin, "#queue-team-" + teamId);
            admin.type("#queue-target-DIAMOND-CHAT", "45");
            click(admin, "#queue-add-disposition");
            admin.type("#queue-disposition-code-0", "resolved");
            admin.type("#queue-disposition-zh-0", "已解决");
            admin.type("#queue-disposition-en-0", "Resolved");
            admin.type("#queue-hours", "Someday 25:00-26:00");
            click(admin, "#queue-save");
            assertThat(admin.waitForText("#queue-hours-error", "e.g.")).isNotBlank();
            assertThat(admin.text("#queue-problem")).contains("businessHours");
            admin.find("#queue-hours").clear();
            admin.type("#queue-hours", "24/7");
            click(admin, "#queue-save");
            String queueRow = "#queues-table tr[data-name='" + queueName + "']";
            assertThat(admin.waitForText(queueRow, queueName)).contains(teamName).contains("Resolved").contains("SMS");
            long queueId = Long.parseLong(admin.find(queueRow).getAttribute("data-queue"));
            assertThat(admin.find(queueRow + " td.dispositions").getAttribute("data-codes")).isEqualTo("resolved");
            Map<String, Object> saved = Api.asAdmin().get("/api/queues/" + queueId).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            assertThat(saved.get("teams")).isEqualTo(List.of((int) teamId));
            assertThat(saved.get("answerTargets")).isEqualTo(List.of(Map.of("tier", "DIAMOND", "channel", "CHAT", "seconds", 45)));
            assertThat(saved.get("dispositions")).isEqualTo(List.of(
                    Map.of("code", "resolved", "labels", Map.of("en", "Resolved", "zh-CN", "已解决"))));

            // The queue's form in Chinese
            click(admin, queueRow + " button.edit");
            admin.waitForText("#queue-form-title", String.valueOf(queueId));
            admin.choose("#language", "zh-CN");
            assertThat(admin.waitForText("#queue-form-title", "队列")).isEqualTo("队列 " + queueId);
            assertThat(admin.text("#admin-nav-audit")).isEqualTo("审计日志");
            admin.screenshot(SHOTS.resolve("admin-queue-zh-CN.png"));
            assertThat(admin.accessibilityViolations(CRITICAL)).isEmpty();
            admin.choose("#language", "en");
            admin.waitForText("#queue-form-title", "Queue");

            // The audit log shows the user's creation
            click(admin, "#admin-nav-audit");
            admin.type("#audit-action", "user-created");
            admin.type("#audit-target", "user:" + userId);
            click(admin, "#audit-apply");
            String auditRow = "#audit-table tr[data-action='user-created'][data-target='user:" + userId + "']";
            assertThat(admin.waitForText(auditRow, "user:" + userId)).contains("admin").contains("agent");
            await().atMost(ConsolePage.WAIT).until(() -> admin.all("#audit-table tbody tr").size() == 1);
            assertThat(admin.accessibilityViolations(CRITICAL)).isEmpty();

            // The new agent signs in with the password the page reset, goes available and takes a contact from the new queue
            try (ConsolePage console = ConsolePage.open(base, "en-US")) {
                console.signIn(username, password);
                assertThat(console.waitForText("#user", "Zhou Min")).isEqualTo("Zhou Min");
                console.choose("#presence", "AVAILABLE");
                console.waitForText("#capacity", "0/100");
                long interaction = Api.asAdmin().body(Map.of("channel", "SMS", "queueId", queueId,
                                "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile()),
                                "message", "Is my account open?", "idempotencyKey", Org.name("admin-ui-contact")))
                        .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
                String card = "section.card[data-interaction='" + interaction + "']";
                assertThat(console.waitForText(card, "SMS")).contains("SMS");
                console.click(card + " button.accept");
                console.waitForText("[role=tab][data-interaction='" + interaction + "']", "Active");
                assertThat(console.query(card)).isNull();
            }
        }
    }
}
