package dev.switchboard.channel.chat;

import dev.switchboard.console.ConsolePage;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer's widget on the demo page in headless Chromium, with an agent on the real agent socket: launcher,
 * pre-chat, the conversation both ways, a reload that keeps the whole history (nothing lost or doubled), a message
 * written offline re-sent once, a file dropped onto the panel, the end with a rating, the offline form, and Chinese
 * at phone size. Takes the screenshots of docs/chat/.
 */
@QuarkusTest
class ChatWidgetBrowserTest {

    static final Path SHOTS = Path.of("docs/chat");
    static final Duration WAIT = Duration.ofSeconds(15);
    /** WCAG 2.2 AA and the levels below it. */
    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    static final List<String> SERIOUS = List.of("critical", "serious");

    /** The widget's shadow root, for scripts. */
    static final String ROOT = "const root = document.querySelector('switchboard-chat').shadowRoot;";

    @TestHTTPResource("/")
    URI base;

    @Test
    void aVisitorChatsReloadsWithoutLosingAnythingAndRatesTheChat() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Chen Jie"); ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/chat/demo.html?queue=" + desk.queue() + "&lang=en");
            page.find("#sbc-launcher");
            assertThat(page.query("#sbc-panel")).as("closed until the visitor opens it").isNull();
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("launcher-en.png"));

            // The launcher opens and minimises; focus goes back to it.
            page.click("#sbc-launcher");
            page.find("#sbc-prechat");
            page.click("#sbc-minimise");
            await().atMost(WAIT).until(() -> page.query("#sbc-panel") == null);
            assertThat(page.js(ROOT + "return root.activeElement && root.activeElement.id;")).isEqualTo("sbc-launcher");
            page.click("#sbc-launcher");

            // Pre-chat: the widget's own validation text, then a start.
            page.type("#sbc-f-name", "Zhou Min");
            page.type("#sbc-f-email", "not-an-email");
            page.click("#sbc-start");
            assertThat(page.waitForText("#sbc-f-email-error", "email"))
                    .isEqualTo("Enter an email address like name@example.com.");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.find("#sbc-f-email").clear();
            page.type("#sbc-f-email", "zhou.min@example.com");
            page.click("#sbc-start");

            long interaction = agent.acceptNext();
            page.waitForText("#sbc-log", "Chen Jie joined the chat");
            assertThat(page.js(ROOT + "return root.activeElement && root.activeElement.id;"))
                    .as("focus in the message box after the start").isEqualTo("sbc-input");

            // Both ways, with ticks, typing and a reply that looks like markup but is shown as text.
            page.type("#sbc-input", "Hello, is the market open on Monday?", Keys.ENTER);
            assertThat(agent.touchpoint(interaction, "MESSAGE_IN").getString("content"))
                    .isEqualTo("Hello, is the market open on Monday?");
            page.find(".sbc-customer .sbc-tick[data-state=delivered], .sbc-customer .sbc-tick[data-state=read]");
            agent.socket().send(new JsonObject().put("type", "typing").put("interactionId", interaction).put("on", true));
            assertThat(page.waitForText("#sbc-typing", "typing")).isEqualTo("Chen Jie is typing…");
            agent.say(interaction, "Yes, from 9:30. <b>Not bold</b>");
            page.waitForText("#sbc-log", "Yes, from 9:30. <b>Not bold</b>");
            assertThat(page.all("#sbc-log b")).isEmpty();
            assertThat(page.text("#sbc-typing")).isEmpty();
            assertThat(page.text(".sbc-agent .sbc-name")).isEqualTo("Chen Jie");
            // The agent reads the customer's message: two ticks.
            int seq = Integer.parseInt(String.valueOf(page.js(ROOT + "return root.querySelector('.sbc-mine').dataset.seq;")));
            agent.socket().send(new JsonObject().put("type", "read").put("interactionId", interaction).put("seq", seq));
            page.find(".sbc-mine[data-seq='" + seq + "'] .sbc-tick[data-state=read]");

            // A picture dropped onto the panel is sent and shown as a thumbnail.
            page.js(ROOT + """
                    const canvas = document.createElement('canvas');
                    canvas.width = 64; canvas.height = 48;
                    const g = canvas.getContext('2d');
                    g.fillStyle = '#f5a623'; g.fillRect(0, 0, 64, 48);
                    g.fillStyle = '#2e7d32'; g.fillRect(8, 24, 10, 20); g.fillRect(26, 14, 10, 30); g.fillRect(44, 6, 10, 38);
                    canvas.toBlob(blob => {
                      const data = new DataTransfer();
                      data.items.add(new File([blob], 'chart.png', { type: 'image/png' }));
                      const panel = root.getElementById('sbc-panel');
                      for (const type of ['dragenter', 'dragover', 'drop']) {
                        panel.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: data }));
                      }
                    }, 'image/png');""");
            page.find(".sbc-customer img.sbc-thumb");
            await().atMost(WAIT).until(() -> ChatDesk.touchpoints(interaction).stream()
                    .anyMatch(t -> String.valueOf(t.get("data")).contains("chart.png")));
            page.find(".sbc-customer:has(img.sbc-thumb) .sbc-tick:is([data-state=delivered], [data-state=read])");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("conversation-en.png"));

            // Minimised, a new message shows as an unread badge; opening the panel clears it.
            page.click("#sbc-minimise");
            agent.say(interaction, "Anything else?");
            assertThat(page.waitForText("#sbc-badge", "1")).isEqualTo("1");
            assertThat(page.find("#sbc-launcher").getAttribute("aria-label")).isEqualTo("Open chat (1 unread)");
            page.screenshot(SHOTS.resolve("launcher-unread-en.png"));
            page.click("#sbc-launcher");
            page.waitForText("#sbc-log", "Anything else?");
            await().atMost(WAIT).until(() -> page.query("#sbc-badge") == null);

            // A reload rebuilds the whole conversation from the server: nothing lost, nothing doubled.
            List<String> before = messages(page);
            assertThat(before).hasSize(4);
            page.driver().navigate().refresh();
            await().atMost(WAIT).ignoreExceptions().until(() -> messages(page), m -> m.size() >= before.size());
            page.find(".sbc-customer img.sbc-thumb");
            assertThat(messages(page)).isEqualTo(before);
            page.waitForText("#sbc-log", "Chen Jie joined the chat");

            // Offline: shown; a message written meanwhile waits, survives a reload and is sent once.
            page.js("window.dispatchEvent(new Event('offline'));");
            assertThat(page.waitForText("#sbc-status", "offline")).contains("You are offline");
            page.type("#sbc-input", "Written while offline", Keys.ENTER);
            page.find(".sbc-customer .sbc-tick[data-state=pending]");
            page.driver().navigate().refresh();
            await().atMost(WAIT).ignoreExceptions().until(() -> messages(page), m -> m.size() == before.size() + 1);
            page.find(".sbc-customer .sbc-tick[data-state=delivered]");
            assertThat(page.all(".sbc-tick[data-state=pending]")).isEmpty();
            await().atMost(WAIT).until(() -> ChatDesk.count(interaction, "MESSAGE_IN", "Written while offline") == 1);

            // The connection lost and back: the widget says so, reconnects and goes on.
            page.js(ROOT.replace("const root = ", "const widget = ").replace(".shadowRoot", "")
                    + "widget.connection.socket.close();");
            agent.say(interaction, "Are you still there?");
            page.waitForText("#sbc-log", "Are you still there?");
            page.type("#sbc-input", "Yes, back again", Keys.ENTER);
            await().atMost(WAIT).until(() -> ChatDesk.count(interaction, "MESSAGE_IN", "Yes, back again") == 1);
            assertThat(messages(page)).hasSize(before.size() + 3).doesNotHaveDuplicates();

            // The agent ends the chat: a clear ended state, then a rating recorded as a touchpoint.
            agent.socket().send(new JsonObject().put("type", "end").put("interactionId", interaction));
            page.waitForText("#sbc-log", "The chat has ended.");
            page.find("#sbc-new-chat");
            assertThat(page.query("#sbc-input")).as("no composer once ended").isNull();
            page.find("#sbc-rating");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.click("label[for=sbc-star-4]");
            page.type("#sbc-rating-comment", "Quick and clear");
            page.screenshot(SHOTS.resolve("ended-en.png"));
            page.click("#sbc-rating-send");
            assertThat(page.waitForText("#sbc-thanks", "Thank")).isEqualTo("Thank you for your feedback!");
            await().atMost(WAIT).until(() -> ChatDesk.touchpoints(interaction).stream()
                    .anyMatch(t -> "RATING".equals(t.get("kind")) && "4".equals(String.valueOf(t.get("result")))));
            Map<String, Object> rating = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints")
                    .then().statusCode(200).extract().jsonPath().getList("$", Map.class).stream()
                    .filter(t -> "RATING".equals(t.get("kind"))).findFirst().orElseThrow();
            assertThat(String.valueOf(rating)).contains("Quick and clear");

            // After a reload the conversation and its end are still there, and the rating is not asked again.
            page.driver().navigate().refresh();
            page.waitForText("#sbc-log", "The chat has ended.");
            page.find("#sbc-thanks");
            assertThat(page.query("#sbc-rating")).isNull();
            page.driver().manage().window().setSize(new Dimension(375, 812));
            page.screenshot(SHOTS.resolve("ended-en-phone.png"));

            // A new chat starts from the pre-chat form, filled with what the visitor typed last time.
            page.click("#sbc-new-chat");
            assertThat(page.find("#sbc-f-name").getAttribute("value")).isEqualTo("Zhou Min");
        }
    }

    @Test
    void aChineseVisitorOnAPhoneChatsAndSeesEveryStringInChinese() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("陈杰"); ConsolePage page = ConsolePage.open(base, "zh-CN")) {
            page.driver().manage().window().setSize(new Dimension(375, 812));
            page.go("/chat/demo.html?queue=" + desk.queue());
            page.find("#sbc-launcher");
            page.screenshot(SHOTS.resolve("launcher-zh-CN-phone.png"));
            page.click("#sbc-launcher");
            assertThat(page.text("#sbc-start")).isEqualTo("开始聊天");
            // A full-screen sheet, 16 px inputs (no zoom on focus), 44 px touch targets.
            assertThat(((Number) page.js(ROOT + "return root.getElementById('sbc-panel').getBoundingClientRect().width;"))
                    .doubleValue()).isGreaterThanOrEqualTo(370);
            assertThat(page.js(ROOT + "return getComputedStyle(root.getElementById('sbc-f-name')).fontSize;")).isEqualTo("16px");
            assertThat(((Number) page.js(ROOT + "return root.getElementById('sbc-minimise').getBoundingClientRect().height;"))
                    .doubleValue()).isGreaterThanOrEqualTo(44);
            page.type("#sbc-f-name", "周敏");
            page.type("#sbc-f-email", "zhou.min@example.com");
            page.type("#sbc-f-phone", "12");
            page.click("#sbc-start");
            assertThat(page.waitForText("#sbc-f-phone-error", "电话")).startsWith("请输入电话号码");
            page.find("#sbc-f-phone").clear();
            page.click("#sbc-start");

            long interaction = agent.acceptNext();
            page.waitForText("#sbc-log", "陈杰 已加入聊天");
            page.type("#sbc-input", "请问周一开市吗？", Keys.ENTER);
            assertThat(agent.touchpoint(interaction, "MESSAGE_IN").getString("content")).isEqualTo("请问周一开市吗？");
            agent.say(interaction, "您好，周一 9:30 开市。");
            page.waitForText("#sbc-log", "周一 9:30 开市");
            page.find(".sbc-customer .sbc-tick[data-state=delivered], .sbc-customer .sbc-tick[data-state=read]");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("conversation-zh-CN-phone.png"));
            page.driver().manage().window().setSize(new Dimension(1366, 860));
            page.screenshot(SHOTS.resolve("conversation-zh-CN.png"));
            page.driver().manage().window().setSize(new Dimension(375, 812));

            // The customer ends it and asks for the transcript: the widget says what became of it.
            page.click("#sbc-end");
            assertThat(page.text("#sbc-end-yes")).isEqualTo("结束");
            page.click("#sbc-transcript");
            page.click("#sbc-end-yes");
            assertThat(page.waitForText("#sbc-transcript-result", "邮"))
                    .isIn("聊天记录正在发送到您的邮箱。", "暂时无法通过邮件发送聊天记录。");
            page.waitForText("#sbc-log", "聊天已结束。");
            assertThat(page.text("#sbc-rating")).contains("请为本次服务评分");
            page.screenshot(SHOTS.resolve("ended-zh-CN-phone.png"));
            page.click("#sbc-rating-send");
            assertThat(page.waitForText("#sbc-errors", "星")).isEqualTo("请选择 1 到 5 星。");
        }
    }

    @Test
    void outsideHoursTheVisitorLeavesAMessageThroughTheOfflineForm() throws Exception {
        ChatDesk desk = ChatDesk.create(base); // nobody of its team is present: the queue is offline
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/chat/demo.html?queue=" + desk.queue() + "&lang=en");
            page.click("#sbc-launcher");
            page.type("#sbc-f-name", "Night Owl");
            page.click("#sbc-start");
            page.find("#sbc-offline");
            assertThat(page.text("#sbc-offline-message")).isNotBlank();
            page.click("#sbc-offline-send");
            assertThat(page.waitForText("#sbc-f-message-error", "message")).isEqualTo("Write your message.");
            assertThat(page.text("#sbc-f-email-error")).isEqualTo("Enter a phone or an email so that we can answer you.");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.type("#sbc-f-email", "night.owl@example.com");
            page.type("#sbc-f-message", "Please call me about my account.");
            page.click("#sbc-offline-send");
            assertThat(page.waitForText("#sbc-offline-done", "Thank")).contains("Thank you, your message has been sent.");
        }
    }

    /** The messages in the widget's log, each as "from: text" (files by name). */
    @SuppressWarnings("unchecked")
    private static List<String> messages(ConsolePage page) {
        return (List<String>) page.js(ROOT + """
                return [...root.querySelectorAll('#sbc-log .sbc-msg')].map(m =>
                  (m.classList.contains('sbc-customer') ? 'customer: ' : 'agent: ')
                  + ((m.querySelector('.sbc-text') || {}).textContent || '')
                  + [...m.querySelectorAll('img.sbc-thumb, .sbc-file')].map(f => f.alt || f.textContent).join(','));""");
    }
}
