package dev.switchboard.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openqa.selenium.JavascriptExecutor;

import static org.awaitility.Awaitility.await;

/**
 * Reads the wallboard of a {@link ConsolePage} the way the eye does: a queue tile's figures by their data-figure
 * names, an agent's row of the grid, each through the shadow roots of the console's elements.
 */
final class WallboardScreen {

    private static final String DEEP = """
            const find = (root, selector) => {
              const hit = root.querySelector(selector);
              if (hit) return hit;
              for (const el of root.querySelectorAll('*')) {
                if (el.shadowRoot) { const inner = find(el.shadowRoot, selector); if (inner) return inner; }
              }
              return null;
            };
            """;

    private final ConsolePage page;

    WallboardScreen(ConsolePage page) {
        this.page = page;
    }

    /** The figures of a queue's tile: "STANDARD.waiting", "ALL.oldest", "serviceLevel", "answered", … to their text. */
    @SuppressWarnings("unchecked")
    Map<String, String> tile(long queueId) {
        Object figures = page.js(DEEP + """
                const tile = find(document, 'sb-queue-tile[data-queue="' + arguments[0] + '"]');
                if (!tile || !tile.shadowRoot) return null;
                const out = {};
                for (const el of tile.shadowRoot.querySelectorAll('[data-figure]')) {
                  const row = el.closest('tr');
                  out[(row ? row.dataset.tier + '.' : '') + el.dataset.figure] = el.textContent.trim();
                }
                return out;""", queueId);
        return figures == null ? Map.of() : (Map<String, String>) figures;
    }

    /**
     * An agent's row of the grid: "state" (the state name), "text" (what the row says: its text content, since
     * rows scrolled out of the page are not laid out and have no innerText); empty when absent.
     */
    @SuppressWarnings("unchecked")
    Map<String, String> agent(long agentId) {
        Object row = page.js(DEEP + """
                const grid = find(document, 'sb-agents-grid');
                const tr = grid && grid.shadowRoot && grid.shadowRoot.querySelector('[data-agent="' + arguments[0] + '"]');
                if (!tr) return null;
                return { state: tr.dataset.state, text: tr.textContent.replace(/\\s+/g, ' ') };""", agentId);
        return row == null ? Map.of() : (Map<String, String>) row;
    }

    /** Waits until the value read shows what is expected; answers the milliseconds that took. */
    static <T> long within(Duration limit, Supplier<T> read, Predicate<T> shows) {
        long start = System.nanoTime();
        await().atMost(limit).pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO).ignoreExceptions()
                .until(read::get, shows);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Feeds a synthetic snapshot of that many agents and queues, then deltas (each naming 2 queues and 10 agents)
     * through the page's state module (the `?bench` hook), each after the previous was drawn; answers the
     * `sb:delta-applied` durations (ms) and the snapshot's size in bytes as the first element.
     */
    @SuppressWarnings("unchecked")
    List<Number> bench(int agents, int queues, int deltas) {
        return (List<Number>) ((JavascriptExecutor) page.driver()).executeAsyncScript("""
                const [agentCount, queueCount, deltaCount, done] = arguments;
                const tiers = ['DIAMOND', 'GOLD', 'STANDARD'];
                const states = ['AVAILABLE', 'ON_CONTACT', 'WRAP_UP', 'PAUSED'];
                const figures = (w) => ({ waiting: w, oldestWaitSeconds: w * 7, answered: 40 + w, answeredInTarget: 35,
                  abandoned: 3, abandonedInTarget: 1, serviceLevel: 0.84, abandonmentRate: 0.07,
                  averageSpeedOfAnswerSeconds: 12.5, averageHandleSeconds: 240.2 });
                const queue = (i, n) => ({ queueId: 900000 + i, name: 'Bench queue ' + i, at: new Date().toISOString(),
                  waiting: n, oldestWaitSeconds: n * 7,
                  agents: { staffed: 10, available: 3, onContact: 5, wrapUp: 1, paused: 1 }, total: figures(n),
                  byTier: { DIAMOND: figures(n % 2), GOLD: figures(n % 3), STANDARD: figures(n) } });
                const agent = (i, n) => ({ agentId: 900000 + i, name: 'Bench agent ' + i, teamId: 900000 + (i % 20),
                  presence: 'AVAILABLE', reason: null, channels: ['CHAT', 'SMS'], state: states[(i + n) % 4],
                  since: new Date().toISOString(), secondsInState: n, usedCapacity: 30, capacity: 100,
                  missedToday: n % 3, pausedToday: n % 2,
                  work: (i + n) % 4 === 1 ? [{ interactionId: 800000 + i, customerId: 1, queueId: 900000 + (i % queueCount),
                    channel: 'CHAT', tier: tiers[i % 3], phase: 'ACTIVE', until: null }] : [] });
                const now = () => new Date().toISOString();
                const send = (detail) => window.dispatchEvent(new CustomEvent('sb:supervisor-frame', { detail }));
                const snapshot = { type: 'snapshot', at: now(),
                  queues: Array.from({ length: queueCount }, (_, i) => queue(i, i % 5)),
                  agents: Array.from({ length: agentCount }, (_, i) => agent(i, 0)) };
                const size = JSON.stringify(snapshot).length;
                performance.clearMeasures('sb:delta-applied');
                // Only these frames: the service's own (the suite's other agents and queues) would mix in.
                window.dispatchEvent(new CustomEvent('sb:supervisor-detach'));
                send(snapshot);
                const pause = (ms) => new Promise((r) => setTimeout(r, ms));
                (async () => {
                  await pause(1500);
                  for (let n = 1; n <= deltaCount; n++) {
                    const q = [(n * 7) % queueCount, (n * 13) % queueCount];
                    const a = Array.from({ length: 10 }, (_, k) => (n * 31 + k * 47) % agentCount);
                    send({ type: 'delta', at: now(), queues: q.map((i) => queue(i, n % 9)), agents: a.map((i) => agent(i, n)) });
                    await pause(30);
                  }
                  await pause(200);
                  done([size, ...performance.getEntriesByName('sb:delta-applied').map((e) => e.duration)]);
                })();
                """, agents, queues, deltas);
    }
}
