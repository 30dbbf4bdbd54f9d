package dev.switchboard.routing.endpoint;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent socket's frames as text and back, through the codec the socket uses. */
class AgentFramesTest {

    @Test
    void aFrameWithWhatFeaturesAddReadsBackAsItWasBuilt() {
        // What features merge into frames: maps and lists (JsonObject.mapFrom), decimals, nulls, nested objects.
        Map<String, Object> proactive = new LinkedHashMap<>();
        proactive.put("targetId", 12L);
        proactive.put("score", new BigDecimal("0.875"));
        proactive.put("holdings", List.of("600519", "000001"));
        proactive.put("note", null);
        JsonObject frame = AgentFrames.ack("send", "r-1", new JsonObject().put("touchpointId", 9_000_000_001L)
                .put("proactive", proactive).put("read", true).put("seqs", new JsonArray().add(1).add(2)))
                .put("text", "收到 \"quoted\" \\ \u2028 end");

        String text = AgentFrames.text(frame);

        JsonObject read = AgentFrames.parse(text);
        assertThat(read.getString("type")).isEqualTo("ack");
        assertThat(read.getString("of")).isEqualTo("send");
        assertThat(read.getLong("touchpointId")).isEqualTo(9_000_000_001L);
        assertThat(read.getJsonObject("proactive").getValue("score").toString()).isEqualTo("0.875");
        assertThat(read.getJsonObject("proactive").getJsonArray("holdings")).containsExactly("600519", "000001");
        assertThat(read.getJsonObject("proactive").containsKey("note")).isTrue();
        assertThat(read.getJsonArray("seqs")).containsExactly(1, 2);
        assertThat(read.getString("text")).isEqualTo("收到 \"quoted\" \\ \u2028 end");
        assertThat(read).isEqualTo(new JsonObject(frame.encode()));
    }

    @Test
    void onlyOneJsonObjectIsAFrame() {
        assertThat(AgentFrames.parse("{\"type\":\"accept\",\"interactionId\":41}").getLong("interactionId"))
                .isEqualTo(41L);
        assertThat(AgentFrames.parse("{not json")).isNull();
        assertThat(AgentFrames.parse("[{\"type\":\"accept\"}]")).isNull();
        assertThat(AgentFrames.parse("\"accept\"")).isNull();
        assertThat(AgentFrames.parse("{\"type\":\"accept\"} {\"type\":\"decline\"}")).isNull();
        assertThat(AgentFrames.parse("")).isNull();
    }
}
