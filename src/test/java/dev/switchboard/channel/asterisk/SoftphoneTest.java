package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Softphones: the agent's PJSIP endpoint is written into Asterisk's realtime tables with the agent
 * record, and the console gets what it needs to register. Also VoIP calls and withheld numbers.
 */
@QuarkusTest
class SoftphoneTest {

    @Inject
    Pool pool;

    @Test
    void anAgentsSoftphoneIsProvisionedInTheRealtimeTablesAndFollowsTheAgentRecord() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7151");
        JsonPath phone = Api.withToken(agent.token()).get("/api/agents/me/softphone").then().statusCode(200)
                .extract().jsonPath();
        assertThat(phone.getString("wssUrl")).isEqualTo("wss://127.0.0.1:8089/ws");
        assertThat(phone.getString("sipUri")).isEqualTo("sip:7151@127.0.0.1");
        assertThat(phone.getString("username")).isEqualTo("7151");
        assertThat(phone.getString("realm")).isEqualTo("asterisk");
        assertThat(phone.getString("password")).hasSize(24);
        assertThat(phone.getList("iceServers.urls")).containsExactly("stun:stun.l.google.com:19302");

        Row endpoint = row("select transport, aors, auth, context, webrtc, allow, disallow from ps_endpoints where id = $1", "7151");
        assertThat(endpoint.getString("transport")).isEqualTo("transport-wss");
        assertThat(endpoint.getString("aors")).isEqualTo("7151");
        assertThat(endpoint.getString("auth")).isEqualTo("7151");
        assertThat(endpoint.getString("context")).isEqualTo("sb-agents");
        assertThat(endpoint.getString("webrtc")).isEqualTo("yes");
        assertThat(endpoint.getString("disallow")).isEqualTo("all");
        assertThat(endpoint.getString("allow")).isEqualTo("opus,ulaw,alaw");
        Row auth = row("select auth_type, username, md5_cred, password from ps_auths where id = $1", "7151");
        assertThat(auth.getString("auth_type")).isEqualTo("md5");
        assertThat(auth.getString("password")).isNull();
        // Asterisk checks the digest with md5(username:realm:password): the console's password must match it.
        assertThat(auth.getString("md5_cred")).isEqualTo(md5("7151:asterisk:" + phone.getString("password")));
        assertThat(row("select max_contacts from ps_aors where id = $1", "7151").getInteger("max_contacts")).isEqualTo(1);

        // The administrator moves the agent to another endpoint: the old one goes, the new one comes.
        Map<String, Object> record = Api.asAdmin().get("/api/agents/" + agent.id()).then().statusCode(200).extract()
                .jsonPath().getMap("");
        record.put("sipEndpoint", "PJSIP/7152");
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        assertThat(count("select count(*) from ps_endpoints where id = $1", "7151")).isZero();
        assertThat(count("select count(*) from ps_auths where id = $1", "7152")).isOne();
        assertThat(Api.withToken(agent.token()).get("/api/agents/me/softphone").then().statusCode(200).extract()
                .jsonPath().getString("username")).isEqualTo("7152");

        // Without an endpoint of its own, an agent gets extension-base + its id.
        record.put("sipEndpoint", null);
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        String numbered = Long.toString(6000 + agent.id());
        assertThat(count("select count(*) from ps_aors where id = $1", numbered)).isOne();

        Api.asAdmin().delete("/api/agents/" + agent.id()).then().statusCode(204);
        assertThat(count("select count(*) from ps_endpoints where id = $1", numbered)).isZero();
        // Someone without an agent record has no softphone.
        Api.asAdmin().get("/api/agents/me/softphone").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aVoipCallAndACallWithAWithheldNumberOpenInteractionsOfTheirOwn() {
        Pbx.awaitConnected();
        CallDesk.team();
        CallModel calls = Pbx.calls();
        String voip = calls.inboundCall("sb-voip", "+86" + Api.uniqueMobile(), "Web caller", "web", Pbx.agiUrl());
        String withheld = calls.inboundCall("sb-inbound", "anonymous", "", "8005550100", Pbx.agiUrl());
        await().atMost(Pbx.WAIT).until(() -> calls.variable(voip, "SB_INTERACTION") != null
                && calls.variable(withheld, "SB_INTERACTION") != null);
        long voipInteraction = Long.parseLong(calls.variable(voip, "SB_INTERACTION"));
        long withheldInteraction = Long.parseLong(calls.variable(withheld, "SB_INTERACTION"));
        assertThat(CallDesk.interaction(voipInteraction).getString("channel")).isEqualTo("VOIP");
        JsonPath anonymous = CallDesk.interaction(withheldInteraction);
        assertThat(anonymous.getString("channel")).isEqualTo("VOICE");
        assertThat(CallDesk.touchpoints(withheldInteraction).getBoolean("find { it.kind == 'CONTACT' }.data.withheld"))
                .isTrue();
        long customer = anonymous.getLong("customerId");
        assertThat(Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200).extract().jsonPath()
                .getBoolean("provisional")).isTrue();
        calls.hangup(voip);
        calls.hangup(withheld);
        await().atMost(Pbx.WAIT).until(() -> "ABANDONED".equals(CallDesk.interaction(voipInteraction).getString("state"))
                && "ABANDONED".equals(CallDesk.interaction(withheldInteraction).getString("state")));
    }

    private Row row(String sql, String id) {
        RowSet<Row> rows = pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely();
        assertThat(rows.size()).as(sql + " for " + id).isOne();
        return rows.iterator().next();
    }

    private long count(String sql, String id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
