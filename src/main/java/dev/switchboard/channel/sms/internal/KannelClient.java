package dev.switchboard.channel.sms.internal;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsEncoding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Kannel's HTTP side as the service uses it: {@code sendsms} on smsbox and the status page of
 * bearerbox. Non-blocking (Vert.x HTTP client), so it runs on the caller's event loop.
 */
@ApplicationScoped
public class KannelClient {

    /** One message for sendsms. */
    public record Submit(String from, String to, String text, SmsEncoding encoding, int dlrMask, String dlrUrl) {
    }

    /** What sendsms answered, read into what it means for the message. */
    public record Answer(Result result, int status, String body) {
    }

    /** The meaning of a sendsms answer. */
    public enum Result {
        /** "0: Accepted for delivery": on its way to the SMSC. */
        ACCEPTED,
        /** "3: Queued for later delivery": Kannel holds it (SMSC down) and sends it later itself. */
        QUEUED,
        /** Kannel refused this message (bad number, missing field): trying again will not help. */
        REJECTED,
        /** Kannel is down, slow, refuses our credentials or failed: try again later. */
        UNAVAILABLE
    }

    private final SmsConfig config;
    private final HttpClient http;

    KannelClient(SmsConfig config, Vertx vertx) {
        this.config = config;
        int timeout = (int) config.kannel().timeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setIdleTimeout(60).setKeepAlive(true).setMaxPoolSize(8));
    }

    @PreDestroy
    void close() {
        http.closeAndForget();
    }

    /** Hands one message to sendsms. Never fails: a transport error is an {@link Result#UNAVAILABLE} answer. */
    public Uni<Answer> send(Submit message) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("username", config.kannel().username());
        query.put("password", config.kannel().password().orElse(""));
        query.put("from", message.from());
        query.put("to", message.to());
        query.put("text", message.text());
        // Without coding=2 Kannel turns every character outside GSM-7 into '?' and still answers 202.
        query.put("charset", "UTF-8");
        if (message.encoding() == SmsEncoding.UCS_2) {
            query.put("coding", "2");
        }
        if (message.dlrUrl() != null) {
            query.put("dlr-mask", Integer.toString(message.dlrMask()));
            query.put("dlr-url", message.dlrUrl());
        }
        config.kannel().smsc().ifPresent(smsc -> query.put("smsc", smsc));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.kannel().sendsmsUrl() + "?" + encode(query))
                .setTimeout(config.kannel().timeout().toMillis());
        return http.request(request)
                .flatMap(r -> r.send())
                .flatMap(response -> response.body().map(body -> answer(response.statusCode(), body.toString().strip())))
                .onFailure().recoverWithItem(e -> new Answer(Result.UNAVAILABLE, 0, describe(e)));
    }

    /**
     * Bearerbox's status page when a status URL is configured, else a probe of sendsms; null item
     * when Kannel answers, otherwise the reason it is down.
     */
    public Uni<String> probe() {
        String url = config.kannel().statusUrl().orElse(config.kannel().sendsmsUrl());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(config.kannel().timeout().toMillis());
        boolean status = config.kannel().statusUrl().isPresent();
        return http.request(request)
                .flatMap(r -> r.send())
                .flatMap(response -> response.body().map(body -> {
                    // sendsms without parameters answers 4xx, which still proves smsbox is up.
                    if (!status) {
                        return response.statusCode() < 500 ? null : "sendsms answered " + response.statusCode();
                    }
                    if (response.statusCode() != 200) {
                        return "status page answered " + response.statusCode();
                    }
                    String text = body.toString();
                    return text.contains("smsbox:") ? null : "no smsbox is connected to bearerbox";
                }))
                .onFailure().recoverWithItem(KannelClient::describe);
    }

    static Answer answer(int status, String body) {
        Result result;
        if (status == 202 || status == 200) {
            result = body.startsWith("3:") ? Result.QUEUED : Result.ACCEPTED;
        } else if (status == 401 || status == 403 || status >= 500) {
            // Wrong credentials or a denied address are fixed by an operator; keep the message until then.
            result = Result.UNAVAILABLE;
        } else {
            result = Result.REJECTED;
        }
        return new Answer(result, status, body);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Kannel unreachable: " + message;
    }

    private static String encode(Map<String, String> query) {
        StringJoiner s = new StringJoiner("&");
        query.forEach((k, v) -> s.add(k + "=" + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return s.toString();
    }
}
