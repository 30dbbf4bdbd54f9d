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

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @Test
    void anAgentsSoftphoneIsProvisionedInTheRealtimeTablesAndFollowsTheAgentRecord() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7151");
        JsonPath phone = Api.withToken(agent.token()).get("/api/agents/me/softphone").then().statusCode(200)
                .extract().jsonPath();
        assertThat(phone.getString("kind")).isEqualTo("WEBRTC");
        assertThat(phone.getString("wssUrl")).isEqualTo("wss://127.0.0.1:8089/ws");
        assertThat(phone.getString("registrar")).isNull();
        assertThat(phone.getString("sipUri")).isEqualTo("sip:7151@127.0.0.1");
        assertThat(phone.getString("username")).isEqualTo("7151");
        assertThat(phone.getString("realm")).isEqualTo("asterisk");
        assertThat(phone.getString("password")).hasSize(24);
        // No public STUN server unless the operator names one: an on-premises centre's browsers need none.
        assertThat(phone.getList("iceServers")).isEmpty();
        // A stock Asterisk has no codec_opus: G.711 only, unless softphone.codec-opus says otherwise.
        assertThat(phone.getList("codecs")).containsExactly("ulaw", "alaw");

        Row endpoint = row("select transport, aors, auth, context, webrtc, allow, disallow, dtmf_mode from ps_endpoints"
                + " where id = $1", "7151");
        assertThat(endpoint.getString("transport")).isEqualTo("transport-wss");
        assertThat(endpoint.getString("aors")).isEqualTo("7151");
        assertThat(endpoint.getString("auth")).isEqualTo("7151");
        assertThat(endpoint.getString("context")).isEqualTo("sb-agents");
        assertThat(endpoint.getString("webrtc")).isEqualTo("yes");
        assertThat(endpoint.getString("disallow")).isEqualTo("all");
        assertThat(endpoint.getString("allow")).isEqualTo("ulaw,alaw");
        assertThat(endpoint.getString("dtmf_mode")).isEqualTo("auto");
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
    void aDeskPhoneAgentGetsAPlainSipEndpointAndSipSettingsAndBackToWebrtc() {
        CallDesk.Agent agent = CallDesk.agent("7161");
        Map<String, Object> record = Api.asAdmin().get("/api/agents/" + agent.id()).then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertThat(record).containsEntry("phoneKind", "WEBRTC");

        // Something that is no phone kind is refused, and nothing changes.
        record.put("phoneKind", "FAX");
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(400)
                .contentType("application/problem+json");
        assertThat(row("select webrtc from ps_endpoints where id = $1", "7161").getString("webrtc")).isEqualTo("yes");

        record.put("phoneKind", "SIP");
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        Row sip = row("select transport, webrtc, dtmf_mode, media_encryption, ice_support, use_avpf, rtcp_mux, allow,"
                + " context from ps_endpoints where id = $1", "7161");
        assertThat(sip.getString("transport")).isEqualTo("transport-udp");
        assertThat(sip.getString("webrtc")).isEqualTo("no");
        assertThat(sip.getString("dtmf_mode")).isEqualTo("rfc4733");
        assertThat(sip.getString("media_encryption")).isEqualTo("no");
        assertThat(sip.getString("ice_support")).isEqualTo("no");
        assertThat(sip.getString("use_avpf")).isEqualTo("no");
        assertThat(sip.getString("rtcp_mux")).isEqualTo("no");
        assertThat(sip.getString("allow")).isEqualTo("ulaw,alaw");
        assertThat(sip.getString("context")).isEqualTo("sb-agents");
        JsonPath phone = Api.withToken(agent.token()).get("/api/agents/me/softphone").then().statusCode(200)
                .extract().jsonPath();
        assertThat(phone.getString("kind")).isEqualTo("SIP");
        assertThat(phone.getString("registrar")).isEqualTo("sip:127.0.0.1");
        assertThat(phone.getString("wssUrl")).isNull();
        assertThat(phone.getList("iceServers")).isEmpty();
        assertThat(phone.getString("dtmfMode")).isEqualTo("rfc4733");
        assertThat(phone.getString("sipUri")).isEqualTo("sip:7161@127.0.0.1");
        assertThat(Api.asAdmin().get("/api/agents/" + agent.id()).then().statusCode(200).extract().jsonPath()
                .getString("phoneKind")).isEqualTo("SIP");

        // Back to the browser: webrtc=yes again and the SIP-only settings cleared (webrtc=yes implies them).
        record.put("phoneKind", "WEBRTC");
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        Row webrtc = row("select transport, webrtc, dtmf_mode, media_encryption, ice_support from ps_endpoints"
                + " where id = $1", "7161");
        assertThat(webrtc.getString("transport")).isEqualTo("transport-wss");
        assertThat(webrtc.getString("webrtc")).isEqualTo("yes");
        assertThat(webrtc.getString("media_encryption")).isNull();
        assertThat(webrtc.getString("ice_support")).isNull();
        // Without the field the record is a WebRTC agent (the whole record is written on change).
        record.put("phoneKind", null);
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        assertThat(Api.withToken(agent.token()).get("/api/agents/me/softphone").then().statusCode(200).extract()
                .jsonPath().getString("kind")).isEqualTo("WEBRTC");
    }

    @Test
    void aDeskPhoneAgentIsOfferedACallOnItsSipEndpointAndAnswers() throws Exception {
        Pbx.awaitConnected();
        CallDesk.Agent agent = CallDesk.agent("7162");
        Map<String, Object> record = Api.asAdmin().get("/api/agents/" + agent.id()).then().statusCode(200).extract()
                .jsonPath().getMap("");
        record.put("phoneKind", "SIP");
        Api.asAdmin().body(record).put("/api/agents/" + agent.id()).then().statusCode(200);
        CallModel calls = Pbx.calls();
        calls.device("7162").answersAfter(java.time.Duration.ofMillis(200));
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Desk caller", "8005550100",
                    Pbx.agiUrl());
            io.vertx.core.json.JsonObject offer = socket.awaitType("offer");
            long interaction = offer.getLong("interactionId");
            // The desk phone's endpoint rings (PJSIP/7162), and picking up the handset is the accept.
            socket.awaitType("assigned");
            String agentLeg = calls.awaitChannel("7162", Pbx.WAIT);
            assertThat(calls.linkedid(agentLeg)).isEqualTo(calls.linkedid(caller));
            calls.hangup(caller);
            socket.awaitType("wrap-up");
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
            socket.send(new io.vertx.core.json.JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "answered"));
            socket.awaitType("wrapped");
        }
    }

    @Test
    void aSipUriCallersFromIsKeptWithoutTheDialogTag() {
        Pbx.awaitConnected();
        CallDesk.team();
        CallModel calls = Pbx.calls();
        String from = "\"Ana\" <sip:ana@customer.example.org>;tag=as5f2c9e1d";
        String voip = calls.inboundCall("sb-voip", "ana", "Ana", "support", Pbx.agiUrl(),
                Map.of("PJSIP_HEADER(read,From)", from));
        await().atMost(Pbx.WAIT).until(() -> calls.variable(voip, "SB_INTERACTION") != null);
        long interaction = Long.parseLong(calls.variable(voip, "SB_INTERACTION"));
        JsonPath tps = CallDesk.touchpoints(interaction);
        assertThat(tps.getString("find { it.kind == 'CONTACT' }.data.from"))
                .isEqualTo("\"Ana\" <sip:ana@customer.example.org>");
        long customer = CallDesk.interaction(interaction).getLong("customerId");
        assertThat(Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200).extract().asString())
                .contains("sip:ana@customer.example.org").doesNotContain("tag=");
        calls.hangup(voip);
        await().atMost(Pbx.WAIT).until(() -> "ABANDONED".equals(CallDesk.interaction(interaction).getString("state")));
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
