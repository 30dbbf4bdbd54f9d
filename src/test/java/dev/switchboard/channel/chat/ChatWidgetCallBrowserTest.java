package dev.switchboard.channel.chat;

import dev.switchboard.console.ConsolePage;
import dev.switchboard.console.SoftphoneKamailio;
import dev.switchboard.console.sip.KamailioPeer;
import dev.switchboard.console.sip.SippCallee;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
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
 * A call from the chat widget's Call button against a real SIP server: headless Chromium (fake microphone) on the
 * demo page, the service's call settings pointing at Kamailio over WebSocket ({@link SoftphoneKamailio}: its
 * {@code softphone.wss-url} and {@code domain}), and SIPp registered there as the call's target ({@code web}) in
 * place of Asterisk. The widget's JsSIP (its own chunk, loaded on the press) INVITEs the target with the ticket of
 * {@code POST /api/chat/calls} in {@code X-Switchboard-Call}; the far side rings and answers, the
 * widget shows the call connected with its timer, mutes, and hangs up with BYE. Signalling only: no media flows.
 */
@QuarkusTest
@TestProfile(SoftphoneKamailio.Profile.class)
class ChatWidgetCallBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The widget itself, for scripts. */
    private static final String WIDGET = "const widget = document.querySelector('switchboard-chat');";

    @TestHTTPResource("/")
    URI base;

    /** A queue taking chats and web calls, served by its own team. */
    private ChatDesk desk() {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT", "VOIP")));
        return new ChatDesk(team, queue, base);
    }

    @Test
    void aVisitorCallsFromTheChatTheFarSideAnswersAndTheVisitorMutesAndHangsUpWithBye() throws Exception {
        KamailioPeer kamailio = SoftphoneKamailio.peer();
        ChatDesk desk = desk();
        try (ChatDesk.Agent agent = desk.agent("Chen Jie");
             SippCallee far = SippCallee.start(kamailio, "web", Duration.ofSeconds(2));
             ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/chat/demo.html?queue=" + desk.queue() + "&lang=en");
            page.click("#sbc-launcher");
            page.type("#sbc-f-name", "Ana Web");
            page.click("#sbc-start");
            agent.acceptNext();
            page.waitForText("#sbc-log", "Chen Jie joined the chat");
            assertThat(page.js("return [...document.scripts].filter(s => /\\/call-/.test(s.src)).length"))
                    .as("the call's code is not loaded before the press").isEqualTo(0L);
            recordCallSettings(page);

            page.click("#sbc-call-button");
            far.awaitReceived("INVITE ", WAIT);
            String invite = far.received("INVITE ");
            String ticket = String.valueOf(page.js("return window.__callSettings && window.__callSettings.ticket;"));
            assertThat(ticket).as("the ticket of POST /api/chat/calls").isNotBlank().isNotEqualTo("null");
            assertThat(invite).contains("X-Switchboard-Call: " + ticket)
                    .containsPattern("(?m)^From: .*<sip:sb-web-caller@" + kamailio.domain() + ">")
                    .contains("m=audio");
            assertThat(page.waitForText("#sbc-call-state", "Ringing")).isEqualTo("Ringing…");
            assertThat(liveRegion(page)).isEqualTo("Ringing…");

            page.find("#sbc-call[data-state='connected']");
            far.awaitReceived("ACK ", WAIT);
            assertThat(page.text("#sbc-call-state")).isEqualTo("Connected");
            assertThat(liveRegion(page)).isEqualTo("Connected");
            assertThat(page.waitForText("#sbc-call-timer", "0:0")).matches("0:0\\d");
            assertThat(page.query("#sbc-call-button")).as("no second call while one is on").isNull();

            page.click("#sbc-call-mute");
            page.find("#sbc-call-mute[aria-pressed='true']");
            assertThat(page.js(WIDGET + "return widget.call.state.muted;")).isEqualTo(true);
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("call-en.png"));
            assertThat(far.running()).as("the far side still in the call").isTrue();

            page.click("#sbc-call-hangup");
            assertThat(far.awaitExit(WAIT)).as("SIPp's exit code; see %s", far.dir()).isZero();
            assertThat(far.receivedStartLines()).anyMatch(l -> l.startsWith("BYE "));
            assertThat(page.waitForText("#sbc-call-problem", "hung up")).isEqualTo("You hung up.");
            assertThat(page.find("#sbc-call").getAttribute("data-state")).isEqualTo("ended");
            assertThat(liveRegion(page)).isEqualTo("Call ended You hung up.");
            page.click("#sbc-call-close");
            page.find("#sbc-call-button");
        }
    }

    @Test
    void aChineseVisitorWhoRefusesTheMicrophoneIsToldInChineseAndPlacesNoCall() throws Exception {
        ChatDesk desk = desk();
        try (ChatDesk.Agent agent = desk.agent("陈杰"); ConsolePage page = ConsolePage.open(base, "zh-CN")) {
            page.driver().manage().window().setSize(new Dimension(390, 844));
            page.go("/chat/demo.html?queue=" + desk.queue());
            page.click("#sbc-launcher");
            page.click("#sbc-start");
            agent.acceptNext();
            page.waitForText("#sbc-log", "陈杰 已加入聊天");
            recordCallSettings(page);
            assertThat(page.find("#sbc-call-button").getAttribute("aria-label")).isEqualTo("给我们打电话");

            // The visitor says no to the browser's question (with Chromium's fake media UI, which would say yes,
            // getUserMedia answers as it does to a refusal).
            page.js("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied',"
                    + " 'NotAllowedError'));");
            page.click("#sbc-call-button");
            assertThat(page.waitForText("#sbc-call-problem", "麦克风"))
                    .isEqualTo("无法使用您的麦克风。请在浏览器中允许本网站使用麦克风，然后重新呼叫。");
            assertThat(page.text("#sbc-call-state")).isEqualTo("通话已结束");
            assertThat(liveRegion(page)).contains("无法使用您的麦克风");
            assertThat(page.js("return window.__callSettings || null;")).as("no ticket taken without a microphone").isNull();
            assertThat(page.accessibilityViolations(SERIOUS, WCAG)).isEmpty();
            page.screenshot(SHOTS.resolve("call-microphone-zh-CN-phone.png"));
        }
    }

    /** What the polite live region says now (it is visually hidden, so WebDriver's text would be empty). */
    private static String liveRegion(ConsolePage page) {
        return String.valueOf(page.js(ROOT + "return root.getElementById('sbc-call-live').textContent.trim();"));
    }

    /** Keeps the answer of the page's POST .../call in window.__callSettings, to compare the INVITE's ticket with. */
    private static void recordCallSettings(ConsolePage page) {
        page.js("""
                const original = window.fetch;
                window.fetch = async (...args) => {
                  const r = await original(...args);
                  if (/\\/api\\/chat\\/calls$/.test(String(args[0])) && (args[1] || {}).method === 'POST' && r.ok) {
                    window.__callSettings = await r.clone().json();
                  }
                  return r;
                };""");
    }
}
