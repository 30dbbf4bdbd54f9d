package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.PackagedService;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Contacts for the cluster test: {@code POST /api/contacts} on the API channel into one queue, each with its own
 * Idempotency-Key and customer, at a steady pace, to the instances in turn. A request that fails (the instance died
 * under it or is gone, or answers 5xx) goes again with the same key to the next instance, and the failed one is left
 * out for 5 s, as a load balancer with passive health checks does: the clients are not told of a kill.
 */
final class ClusterTraffic {

    /** An acknowledged contact: when it was first sent and acknowledged, where, and after how many attempts. */
    record Ack(int index, long interactionId, long sentAt, long ackedAt, int instance, int attempts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<Integer, Ack> acks = new ConcurrentHashMap<>();
    final Map<Integer, String> refused = new ConcurrentHashMap<>();
    final AtomicInteger failedOver = new AtomicInteger();
    /** Answers 5xx other than 503 (the only one a client is told to retry): never a 500. */
    final Map<Integer, String> serverErrors = new ConcurrentHashMap<>();
    private final List<PackagedService> apps;
    /** Per instance, the nanoTime until which it is left out after a failed request. */
    private final long[] downUntil;
    private final String token;
    private final String run;
    private final long queueId;
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "contact-sender");
        t.setDaemon(true);
        return t;
    });
    private final Thread pacer;

    ClusterTraffic(List<PackagedService> apps, String token, String run, long queueId, int contacts, double perSecond) {
        this.apps = apps;
        this.downUntil = new long[apps.size()];
        this.token = token;
        this.run = run;
        this.queueId = queueId;
        long interval = (long) (1_000_000_000L / perSecond);
        this.pacer = new Thread(() -> {
            long start = System.nanoTime();
            for (int k = 0; k < contacts; k++) {
                long wait = start + k * interval - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                int index = k;
                senders.execute(() -> send(index));
            }
        }, "contact-pacer");
        pacer.setDaemon(true);
    }

    void start() {
        pacer.start();
    }

    int acknowledged() {
        return acks.size();
    }

    /** Waits until every contact is answered (acknowledged or refused) or {@code timeout} passed. */
    boolean await(int contacts, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks.size() + refused.size() < contacts && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return acks.size() + refused.size() >= contacts;
    }

    void stop() {
        pacer.interrupt();
        senders.shutdownNow();
    }

    private void send(int index) {
        String key = "cluster-" + run + "-" + index;
        String body = JSON.createObjectNode().put("channel", "API").put("message", "Contact " + index + " of run " + run)
                .put("queueId", queueId).set("contactPoint", JSON.createObjectNode().put("type", "EMAIL")
                        .put("value", key + "@example.com")).toString();
        int n = index % apps.size();
        long sentAt = RecordingAgent.now();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < apps.size() && down(n); i++) {
                n = (n + 1) % apps.size();
            }
            attempts++;
            PackagedService app = apps.get(n);
            HttpRequest request = HttpRequest.newBuilder(app.uri("/api/contacts")).timeout(Duration.ofSeconds(45))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = app.http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 201 || status == 200) {
                    JsonNode result = JSON.readTree(response.body());
                    acks.put(index, new Ack(index, result.path("interactionId").asLong(), sentAt, RecordingAgent.now(),
                            n, attempts));
                    return;
                }
                if (status < 500) {
                    refused.put(index, status + " " + response.body());
                    return;
                }
                if (status != 503) {
                    serverErrors.put(index, status + " " + response.body());
                }
            } catch (IOException e) {
                // The instance died under the request (or never answered): the same key at the next one.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            failedOver.incrementAndGet();
            synchronized (downUntil) {
                downUntil[n] = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
            n = (n + 1) % apps.size();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        refused.put(index, "never acknowledged in 3 minutes");
    }

    private boolean down(int n) {
        synchronized (downUntil) {
            return System.nanoTime() < downUntil[n];
        }
    }
}
