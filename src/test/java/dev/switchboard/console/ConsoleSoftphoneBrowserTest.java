package dev.switchboard.console;

import dev.switchboard.console.sip.KamailioPeer;
import dev.switchboard.console.sip.SippCaller;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's softphone against a real SIP server: headless Chromium with a fake microphone signs in as an agent,
 * JsSIP registers over WebSocket with Kamailio using the settings of {@code GET /api/agents/me/softphone}, and a
 * SIPp caller calls the agent's SIP address. The console shows the ringing call and its caller; Answer sends 200 OK,
 * Hang up sends BYE. (Signalling only: no media flows.)
 */
@QuarkusTest
@TestProfile(SoftphoneKamailio.Profile.class)
class ConsoleSoftphoneBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    /** An agent with a user to sign in with; its SIP user is the endpoint the service derives (6000 + id). */
    record Agent(String username, String sipUser) {
        static Agent create(String name) {
            String username = Org.name("softphone");
            Org.agent(Map.of("userId", Org.user(username), "teamId", Org.team(null), "name", name,
                    "channels", List.of("VOICE"), "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            String sipUser = Api.as(username, "password-" + username).get("/api/agents/me/softphone").then()
                    .statusCode(200).extract().jsonPath().getString("username");
            return new Agent(username, sipUser);
        }
    }

    @Test
    void theAgentAnswersARingingCallInTheConsoleWith200OkAndHangsUpWithBye() throws Exception {
        KamailioPeer kamailio = SoftphoneKamailio.peer();
        Agent agent = Agent.create("Lin Na");
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.signIn(agent.username(), "password-" + agent.username());
            page.find("#phone-status[data-state='registered']");
            assertThat(page.text("#phone-status")).isEqualTo("Phone: registered");
            kamailio.awaitRegistered(agent.sipUser(), WAIT);
            page.click("#phone-status");
            assertThat(page.text("#phone-uri")).isEqualTo(kamailio.sipUri(agent.sipUser()));
            page.click("#phone-status");

            try (SippCaller caller = SippCaller.to(kamailio, agent.sipUser()).from("+15550123", "Ada Caller").start()) {
                assertThat(page.waitForText("#phone-incoming", "Ada Caller")).contains("Incoming call");
                assertThat(page.text("#phone-caller")).isEqualTo("Ada Caller (+15550123)");
                caller.awaitReceived("SIP/2.0 180", WAIT);
                assertThat(caller.receivedStartLines()).noneMatch(l -> l.startsWith("SIP/2.0 200"));
                assertThat(page.accessibilityViolations(List.of("critical"))).isEmpty();

                page.click("#phone-answer");
                caller.awaitReceived("SIP/2.0 200", WAIT);
                String ok = caller.received().stream().filter(m -> m.startsWith("SIP/2.0 200")).findFirst().orElseThrow();
                assertThat(ok).contains("CSeq: 1 INVITE").contains("m=audio");
                page.find("#phone-call[data-state='active']");
                assertThat(page.text("#phone-call")).contains("Connected").contains("Ada Caller (+15550123)");
                assertThat(caller.running()).isTrue();

                page.click("#phone-hangup");
                assertThat(caller.awaitExit(WAIT)).as("SIPp's exit code; see %s", caller.dir()).isZero();
                assertThat(caller.receivedStartLines()).anyMatch(l -> l.startsWith("BYE sip:+15550123@"));
                assertThat(page.waitForText("#phone-ended", "Call ended")).isEqualTo("Call ended (hung up)");
                assertThat(page.query("#phone-call")).isNull();
            }
        }
    }

    @Test
    void aCallerWhoGivesUpStopsTheRinging() throws Exception {
        KamailioPeer kamailio = SoftphoneKamailio.peer();
        Agent agent = Agent.create("Zhao Lei");
        try (ConsolePage page = ConsolePage.open(base, "zh-CN")) {
            page.signIn(agent.username(), "password-" + agent.username());
            assertThat(page.waitForText("#phone-status", "已注册")).isEqualTo("电话：已注册");
            kamailio.awaitRegistered(agent.sipUser(), WAIT);
            try (SippCaller caller = SippCaller.to(kamailio, agent.sipUser()).callerCancelsAfter(Duration.ofSeconds(2))
                    .start()) {
                assertThat(page.waitForText("#phone-incoming", "来电")).contains("SIPp Caller");
                assertThat(caller.awaitExit(WAIT)).as("SIPp's exit code; see %s", caller.dir()).isZero();
                assertThat(caller.receivedStartLines()).anyMatch(l -> l.startsWith("SIP/2.0 487"));
                assertThat(page.waitForText("#phone-ended", "通话已结束")).contains("对方已取消");
                assertThat(page.query("#phone-incoming")).isNull();
            }
        }
    }
}
