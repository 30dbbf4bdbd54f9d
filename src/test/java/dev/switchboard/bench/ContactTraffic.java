package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inbound SMS contacts through {@code POST /api/contacts}, each with a fresh Idempotency-Key so
 * that none is a replay.
 */
final class ContactTraffic implements ClosedLoop.Operation {

    private final HttpClient http;
    private final URI contacts;
    private final String authorization;
    private final Senders senders;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    ContactTraffic(HttpClient http, URI base, String token, Senders senders) {
        this.http = http;
        this.contacts = base.resolve("/api/contacts");
        this.authorization = "Bearer " + token;
        this.senders = senders;
    }

    @Override
    public String call(int worker) throws Exception {
        String phone = senders.phone();
        String message = senders.message();
        HttpRequest request = HttpRequest.newBuilder(contacts)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", "bench-" + run + "-" + sequence.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"SMS\",\"contactPoint\":{\"type\":\"PHONE\","
                        + "\"value\":\"" + phone + "\"},\"message\":\"" + message + "\"}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
            return null;
        }
        // Anything else is an error, a 200 included: with fresh keys it would mean a replay.
        firstError.compareAndSet(null, response.statusCode() + " " + response.body());
        return "HTTP " + response.statusCode();
    }

    /** The first failed response seen, for the report (null when none failed). */
    String firstError() {
        return firstError.get();
    }
}
