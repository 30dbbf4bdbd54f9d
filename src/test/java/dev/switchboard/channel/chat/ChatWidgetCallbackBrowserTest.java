package dev.switchboard.channel.chat;

import dev.switchboard.console.ConsolePage;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

import static dev.switchboard.channel.chat.ChatWidgetBrowserTest.ROOT;
import static dev.switchboard.channel.chat.ChatWidgetBrowserTest.SERIOUS;
import static dev.switchboard.channel.chat.ChatWidgetBrowserTest.SHOTS;
import static dev.switchboard.channel.chat.ChatWidgetBrowserTest.WCAG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Request a call-back" in the widget against the service: the free windows of {@code GET /api/chat/callbacks/slots}
 * in the form, the widget's own messages for what is missing and for the service's refusals, the booking confirmed,
 * kept in the page's storage and shown with its state after a reload, and cancelled; in English on a desktop
 * without a chat, and in Chinese on a phone from a chat.
 */
@QuarkusTest
class ChatWidgetCallbackBrowserTest {

    @TestHTTPResource("/")
    URI base;

    /** A queue taking chats and call-backs (VOICE), served by its own team, open around the clock. */
    private ChatDesk desk() {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT", "VOICE")));
        return new ChatDesk(team, queue, base);
    }

    @Test
    void aVisitorBooksACallBackWithoutAChatSeesItAfterAReloadAndCancelsIt() throws Exception {
        ChatDesk desk = desk();
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/chat/demo.html?queue=" + desk.queue() + "&lang=en");
            page.click("#sbc-launcher");
            page.click("#sbc-open-callback");
            page.find("#sbc-callback-form");
            assertThat(page.js(ROOT + "return root.activeElement && root.activeElement.id;")).isEqualTo("sbc-cb-phone");

            // The windows: as soon as possible (the queue is open now), then hours grouped by day.
            page.find("#sbc-cb-window:not([disabled])");
            List<String> options = options(page);
            assertThat(options.get(0)).isEqualTo("Choose a time");
            assertThat(options.get(1)).isEqualTo("As soon as possible (within the next hour)");
            assertThat(options.subList(2, options.size())).isNotEmpty()
                    .allMatch(o -> o.matches("\\d{1,2}:\\d{2}(\\W?[AP]M)?–\\d{1,2}:\\d{2}(\\W?[AP]M)?"), "hours only");
            assertThat(page.text("#sbc-cb-zone")).startsWith("Times are in ");

            // Nothing filled in: the widget's own words, per field.
            page.click("#sbc-cb-submit");
            assertThat(page.waitForText("#sbc-cb-phone-error", "number")).isEqualTo("Enter the number we should call.");
            assertThat(page.text("#sbc-cb-window-error")).isEqualTo("Choose when we should call you.");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();

            page.type("#sbc-cb-phone", "+86 139 1234 5678");
            String window = (String) page.js(ROOT + "return root.querySelectorAll('#sbc-cb-window option')[3].value;");
            page.choose("#sbc-cb-window", window);
            page.type("#sbc-cb-note", "About my fund statement");
            page.screenshot(SHOTS.resolve("callback-en.png"));
            page.click("#sbc-cb-submit");

            // Confirmed with the window in the queue's zone; the service has it, SCHEDULED.
            assertThat(page.waitForText("#sbc-cb-when", "We will call")).startsWith("We will call +86 139 1234 5678 on ");
            assertThat(page.text("#sbc-cb-state")).isEqualTo("Status: booked");
            assertThat(page.js(ROOT + "return root.activeElement && root.activeElement.id;")).isEqualTo("sbc-cb-booking");
            JsonPath saved = booking(page, desk.queue());
            assertThat(Instant.parse(saved.getString("notBefore"))).isEqualTo(Instant.parse(window.split("\\|")[0]));
            assertThat(state(saved)).isEqualTo("SCHEDULED");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("callback-booked-en.png"));

            // After a reload (or on another page of the site) the booking is still there, with its state.
            page.driver().navigate().refresh();
            assertThat(page.waitForText("#sbc-cb-strip", "Call-back")).contains("Status: booked");
            page.click("#sbc-cb-details");
            assertThat(page.waitForText("#sbc-cb-when", "We will call")).startsWith("We will call +86 139 1234 5678");
            page.click("#sbc-cb-cancel");
            assertThat(page.waitForText("#sbc-cb-state", "cancelled")).isEqualTo("Status: cancelled");
            assertThat(state(saved)).isEqualTo("CANCELLED");
            assertThat(page.query("#sbc-cb-cancel")).isNull();

            // A settled booking makes way for a new one.
            page.click("#sbc-cb-again");
            page.find("#sbc-callback-form");
            page.click("#sbc-cb-back");
            page.find("#sbc-prechat");
            assertThat(page.query("#sbc-cb-strip")).isNull();
        }
    }

    @Test
    void aChineseVisitorOnAPhoneBooksACallBackFromTheChatInChinese() throws Exception {
        ChatDesk desk = desk();
        // the number already has a call-back pending
        Org.anonymous().body(Map.of("phone", "+86 139 0000 1111", "queueId", desk.queue(), "language", "zh-CN"))
                .post("/api/chat/callbacks").then().statusCode(201);
        try (ChatDesk.Agent agent = desk.agent("陈杰"); ConsolePage page = ConsolePage.open(base, "zh-CN")) {
            page.driver().manage().window().setSize(new Dimension(390, 844));
            page.go("/chat/demo.html?queue=" + desk.queue());
            page.click("#sbc-launcher");
            page.type("#sbc-f-name", "周敏");
            page.click("#sbc-start");
            agent.acceptNext();
            page.waitForText("#sbc-log", "陈杰 已加入聊天");

            page.click("#sbc-callback-button");
            page.find("#sbc-cb-window:not([disabled])");
            assertThat(page.text("#sbc-callback-form")).contains("预约回电", "回电号码", "希望我们何时致电？", "咨询事项");
            assertThat(options(page).subList(0, 2)).containsExactly("请选择时间", "尽快（一小时内）");
            assertThat(((Number) page.js(ROOT + "return root.getElementById('sbc-cb-submit').getBoundingClientRect().height;"))
                    .doubleValue()).isGreaterThanOrEqualTo(44);
            assertThat(page.js(ROOT + "return getComputedStyle(root.getElementById('sbc-cb-phone')).fontSize;"))
                    .isEqualTo("16px");

            // A number that is not one, then one already booked: said per field, in Chinese.
            page.type("#sbc-cb-phone", "abc");
            page.choose("#sbc-cb-window", "asap");
            page.click("#sbc-cb-submit");
            assertThat(page.waitForText("#sbc-cb-phone-error", "电话号码")).startsWith("请输入可拨打的电话号码");
            page.find("#sbc-cb-phone").clear();
            page.type("#sbc-cb-phone", "+86 139 0000 1111");
            page.click("#sbc-cb-submit");
            assertThat(page.waitForText("#sbc-cb-phone-error", "已有")).isEqualTo("此号码已有待处理的回电预约。");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();

            page.find("#sbc-cb-phone").clear();
            page.type("#sbc-cb-phone", "+86 139 1234 5678");
            page.click("#sbc-cb-submit");
            assertThat(page.waitForText("#sbc-cb-when", "致电")).startsWith("我们将在").endsWith("致电 +86 139 1234 5678。");
            assertThat(page.text("#sbc-cb-state")).startsWith("状态：");
            assertThat(state(booking(page, desk.queue()))).isIn("SCHEDULED", "QUEUED");

            // Back in the chat, and after a reload: the strip with the booking's state, in Chinese.
            page.click("#sbc-cb-back");
            page.find("#sbc-input");
            page.driver().navigate().refresh();
            assertThat(page.waitForText("#sbc-cb-strip", "回电预约")).contains("状态：");
            page.waitForText("#sbc-log", "陈杰 已加入聊天");
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.click("#sbc-cb-details");
            page.find("#sbc-cb-cancel");
            page.screenshot(SHOTS.resolve("callback-zh-CN-phone.png"));
            page.click("#sbc-cb-cancel");
            assertThat(page.waitForText("#sbc-cb-state", "已取消")).isEqualTo("状态：已取消");
        }
    }

    private static List<String> options(ConsolePage page) {
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) page.js(ROOT
                + "return [...root.querySelectorAll('#sbc-cb-window option')].map(o => o.textContent.trim());");
        return texts;
    }

    /** The booking the page keeps in localStorage: its id and token, as the widget reads it back. */
    private static JsonPath booking(ConsolePage page, long queue) {
        String json = String.valueOf(page.js("return localStorage.getItem(arguments[0]);", "switchboard-chat:" + queue));
        return JsonPath.from(json).setRootPath("callback");
    }

    /** The booking's state as the service says. */
    private static String state(JsonPath saved) {
        return Org.anonymous().header("X-Callback-Token", saved.getString("token"))
                .get("/api/chat/callbacks/" + saved.getLong("id")).then().statusCode(200).extract().jsonPath()
                .getString("state");
    }
}
