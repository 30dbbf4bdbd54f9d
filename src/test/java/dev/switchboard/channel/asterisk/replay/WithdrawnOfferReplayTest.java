package dev.switchboard.channel.asterisk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recordings 13 and 13b: an offer withdrawn while the agent's phone rings. Every Dial result belongs to
 * the offer whose Dial it ended; a result that arrives after the next offer was made changes nothing.
 */
@QuarkusTest
@TestProfile(ReplayProfile.class)
class WithdrawnOfferReplayTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshAsterisk() throws Exception {
        ReplayDesk.freshStart();
    }

    /**
     * 13: the service withdraws the expired offer itself with a Redirect of the caller to hold (recorded to
     * sb-inbound,hold, the lab's hold; the service's is sb-hold,s, the same MusicOnHold: ActionMatch).
     */
    @Test
    void anOfferThatExpiresWhileRingingIsWithdrawnByRedirectAndTheNextAgentTakesTheCall() throws Exception {
        expectNextAgentAfterWithdrawal(ReplayLab.replay("13-offer-withdrawn-while-ringing.txt"), "timeout");
    }

    /** 13b: someone else (an operator, the phone) hangs up the ringing agent leg; DialEnd says NOANSWER. */
    @Test
    void aRingingLegHungUpByAnotherIsAMissedOfferAndTheNextAgentTakesTheCall() throws Exception {
        expectNextAgentAfterWithdrawal(ReplayLab.replay("13b-offer-withdrawn-by-hangup.txt").external("Hangup"),
                "no-answer");
    }

    /**
     * 13b's frames in the order seen on the real Asterisk when routing is quicker than the dialplan: the
     * withdrawn Dial's {@code DIALSTATUS=CHANUNAVAIL} arrives after the service has made the next offer
     * (its Redirect to 6002). That stale result must not be booked against 6002.
     */
    @Test
    void aWithdrawnDialsLateResultIsNotCountedAgainstTheNextAgent() throws Exception {
        Recording recorded = Recording.read("13b-offer-withdrawn-by-hangup.txt");
        int stale = recorded.indexOf("VarSet", "Value", "CHANUNAVAIL", 0);
        int nextOffer = recorded.steps.indexOf(recorded.actions("Redirect").get(1));
        Recording reordered = recorded.moved(stale, nextOffer);
        expectNextAgentAfterWithdrawal(ReplayLab.replay(reordered).external("Hangup"), "no-answer");
    }

    private void expectNextAgentAfterWithdrawal(Replay replay, String firstReason) throws Exception {
        try (ReplayDesk.Line one = ReplayDesk.agent("6001").available(base)) {
            replay.start();
            long interaction = one.awaitType("offer", replay).getLong("interactionId");
            assertThat(one.awaitType("offer-ended", replay).getString("reason")).isEqualTo(firstReason);
            try (ReplayDesk.Line two = ReplayDesk.agent("6002").available(base)) {
                assertThat(two.awaitType("offer", replay).getLong("interactionId")).isEqualTo(interaction);
                // 6002's offer must end in its answer, not in the first Dial's result.
                JsonObject next = two.awaitType(Set.of("assigned", "offer-ended"), replay);
                if (!"assigned".equals(next.getString("type"))) {
                    replay.failIfBroken();
                }
                assertThat(next.getString("type")).as(next.encode()).isEqualTo("assigned");
                replay.finish();
                await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
                JsonPath tps = ReplayDesk.touchpoints(interaction);
                assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.result")).containsExactly(firstReason);
                assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.agentId"))
                        .containsExactly((int) ReplayDesk.agent("6001").id());
                assertThat(tps.getList("kind")).as(tps.prettify()).containsSubsequence("DECLINED", "ANSWERED", "ACCEPTED", "HUNG_UP");
                assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).as(tps.prettify()).isEqualTo("customer");
                two.awaitType("wrap-up");
                two.wrapUp(interaction);
                assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
            }
        }
    }
}
