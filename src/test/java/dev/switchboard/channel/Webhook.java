package dev.switchboard.channel;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * The integrating system behind the API channel in tests: a real HTTP server on the port the
 * test configuration names, answering each webhook call with the next scripted status (200 when
 * none is left) and keeping what it received.
 */
final class Webhook {

    /** The port Maven reserved for this build (build-helper), as the test configuration's webhook-url names it. */
    static final int PORT = Integer.getInteger("webhook.test-port", 18391);
    private static Webhook running;

    final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    final Deque<JsonObject> received = new ConcurrentLinkedDeque<>();

    private Webhook() {
    }

    static synchronized Webhook start(Vertx vertx) throws Exception {
        if (running == null) {
            Webhook hook = new Webhook();
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                hook.received.add(body.toJsonObject().put("idempotencyKey", request.getHeader("Idempotency-Key")));
                Integer status = hook.answers.poll();
                request.response().setStatusCode(status == null ? 200 : status).end();
            }));
            server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            running = hook;
        }
        return running;
    }

    /** The calls made for one message, oldest first. */
    java.util.List<JsonObject> callsFor(long messageId) {
        return received.stream().filter(b -> b.getLong("messageId") == messageId).toList();
    }
}
