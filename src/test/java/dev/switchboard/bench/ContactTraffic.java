package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inbound SMS contacts through {@code POST /api/contacts}, each with a fresh Idempotency-Key so
 * that none is a replay.
 *
 * <p>Two clients: {@link Client#VERTX} (the default) sends from one Vert.x event loop over keep-alive
 * HTTP/1.1 connections, one per caller, with no thread per caller; {@link Client#JDK} is the JDK
 * {@code HttpClient} from one thread per caller, as the figures before issue 22's second pass were measured.
 * The event loop costs the benchmark about half the CPU per contact, which it leaves to the service on the same
 * cores (docs/benchmarks.md).
 */
final class ContactTraffic implements AutoCloseable {

    /** Which HTTP client sends the contacts. */
    enum Client { VERTX, JDK }

    private static final long TIMEOUT_MS = 30_000;

    private final Client client;
    private final HttpClient http;
    private final URI contacts;
    private final String authorization;
    private final Senders senders;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Vertx vertx;
    private final io.vertx.core.http.HttpClient vertxHttp;

    ContactTraffic(Client client, HttpClient http, URI base, String token, Senders senders, int concurrency) {
        this.client = client;
        this.http = http;
        this.contacts = base.resolve("/api/contacts");
        this.authorization = "Bearer " + token;
        this.senders = senders;
        if (client == Client.VERTX) {
            this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1));
            this.vertxHttp = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                            .setDefaultHost(contacts.getHost()).setDefaultPort(contacts.getPort())
                            .setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
        } else {
            this.vertx = null;
            this.vertxHttp = null;
        }
    }

    /** Which client this is, for the report. */
    Client client() {
        return client;
    }

    /** Runs the contacts from {@code concurrency} callers for {@code seconds}, with this traffic's client. */
    ClosedLoop.Result run(int concurrency, int seconds) throws InterruptedException {
        return client == Client.VERTX
                ? ClosedLoop.runAsync(concurrency, seconds, worker -> sendAsync())
                : ClosedLoop.run(concurrency, seconds, worker -> send());
    }

    private String body() {
        return "{\"channel\":\"SMS\",\"contactPoint\":{\"type\":\"PHONE\",\"value\":\"" + senders.phone()
                + "\"},\"message\":\"" + senders.message() + "\"}";
    }

    private String idempotencyKey() {
        return "bench-" + run + "-" + sequence.incrementAndGet();
    }

    private String send() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(contacts)
                .timeout(Duration.ofMillis(TIMEOUT_MS))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(body()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return outcome(response.statusCode(), response.body());
    }

    private CompletionStage<String> sendAsync() {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(contacts.getPath())
                .setTimeout(TIMEOUT_MS)
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", authorization)
                .putHeader("Idempotency-Key", idempotencyKey());
        Buffer body = Buffer.buffer(body());
        return vertxHttp.request(request)
                .compose(r -> r.send(body))
                .compose(response -> response.body().map(b -> outcome(response.statusCode(), b.toString())))
                .toCompletionStage();
    }

    private String outcome(int status, String body) {
        if (status == 201) {
            return null;
        }
        // Anything else is an error, a 200 included: with fresh keys it would mean a replay.
        firstError.compareAndSet(null, status + " " + body);
        return "HTTP " + status;
    }

    /** The first failed response seen, for the report (null when none failed). */
    String firstError() {
        return firstError.get();
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            vertxHttp.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
