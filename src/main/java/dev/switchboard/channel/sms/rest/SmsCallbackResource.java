package dev.switchboard.channel.sms.rest;

import dev.switchboard.channel.sms.InboundSms;
import dev.switchboard.channel.sms.service.SmsCallbackGuard;
import dev.switchboard.channel.sms.service.SmsDeliveryReports;
import dev.switchboard.channel.sms.service.SmsInboundService;
import dev.switchboard.platform.problem.GatewayInput;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The URLs Kannel calls: incoming SMS (its sms-service) and delivery reports (the dlr-url given with
 * each send). Not behind the bearer token, which Kannel cannot send: {@link SmsCallbackGuard} checks
 * the source address and the shared secret instead. Answers 2xx only once the message is committed,
 * so Kannel retries anything that was not stored, and a retry (same id) writes nothing.
 */
@Path("/api/channels/sms")
@PermitAll
@GatewayInput
@Tag(name = "SMS")
public class SmsCallbackResource {

    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    private final SmsCallbackGuard guard;
    private final SmsInboundService inbound;
    private final SmsDeliveryReports reports;

    SmsCallbackResource(SmsCallbackGuard guard, SmsInboundService inbound, SmsDeliveryReports reports) {
        this.guard = guard;
        this.inbound = inbound;
        this.reports = reports;
    }

    @POST
    @Path("/inbound")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Incoming SMS from Kannel (post-url)", description = "The body is the text; the query carries"
            + " id=%I, from=%p, to=%P, coding=%c, charset=%C, smsc=%i and secret. 200 with an empty body once stored;"
            + " a repeated id is answered 200 and writes nothing. 401 without the right secret, 403 from an address"
            + " outside switchboard.channels.sms.allowed-sources, 400 for missing or bad parameters.")
    public Uni<Response> inboundPost(@QueryParam("id") String id, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("coding") String coding,
                                     @QueryParam("charset") String charset, @QueryParam("smsc") String smsc,
                                     @QueryParam("secret") String secret,
                                     @HeaderParam("X-Switchboard-Secret") String secretHeader,
                                     @HeaderParam("X-Kannel-From") String kannelFrom,
                                     @HeaderParam("X-Kannel-To") String kannelTo,
                                     @HeaderParam("Content-Type") String contentType,
                                     @Context HttpServerRequest request, byte[] body) {
        guard.check(remote(request), secret, secretHeader);
        String text = decode(body == null ? new byte[0] : body, contentType, coding, charset);
        return receive(new InboundSms(required("id", id), required("from", from != null ? from : kannelFrom),
                to != null ? to : kannelTo, text, number("coding", coding), smsc));
    }

    @GET
    @Path("/inbound")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Incoming SMS from Kannel (get-url)", description = "As the POST form, with the text in the"
            + " query: text=%b (with mo-recode = true it is UTF-8).")
    public Uni<Response> inboundGet(@QueryParam("id") String id, @QueryParam("from") String from,
                                    @QueryParam("to") String to, @QueryParam("text") String text,
                                    @QueryParam("coding") String coding, @QueryParam("smsc") String smsc,
                                    @QueryParam("secret") String secret,
                                    @HeaderParam("X-Switchboard-Secret") String secretHeader,
                                    @Context HttpServerRequest request) {
        guard.check(remote(request), secret, secretHeader);
        return receive(new InboundSms(required("id", id), required("from", from), to, text == null ? "" : text,
                number("coding", coding), smsc));
    }

    @GET
    @Path("/dlr")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Delivery report from Kannel (dlr-url)", description = "ref is the touchpoint id of the sent"
            + " message (the service puts it into the dlr-url), type=%d is Kannel's report type: 1 delivered,"
            + " 2 failed, 4 buffered, 8 accepted by the SMSC, 16 rejected by the SMSC; reply=%A is the SMSC's text."
            + " 200 once recorded; a repeated report changes nothing.")
    public Uni<Response> deliveryReport(@QueryParam("ref") String ref, @QueryParam("type") String type,
                                        @QueryParam("reply") String reply, @QueryParam("smsc") String smsc,
                                        @QueryParam("secret") String secret,
                                        @HeaderParam("X-Switchboard-Secret") String secretHeader,
                                        @Context HttpServerRequest request) {
        guard.check(remote(request), secret, secretHeader);
        Integer dlrType = number("type", required("type", type));
        long touchpoint = reference(required("ref", ref));
        return reports.record(touchpoint, dlrType, reply, smsc).replaceWith(Response.ok("").build());
    }

    private Uni<Response> receive(InboundSms sms) {
        // An empty body: Kannel must not text anything back (its sms-service also has max-messages = 0).
        return inbound.receive(sms).map(outcome -> Response.ok("").build());
    }

    /** The text in the charset Kannel names: UTF-8 after mo-recode, raw UTF-16BE for UCS-2 without it. */
    static String decode(byte[] body, String contentType, String coding, String charset) {
        String name = null;
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                name = m.group(1);
            }
        }
        if (name == null) {
            name = charset;
        }
        if (name == null && "2".equals(coding)) {
            name = "UTF-16BE";
        }
        Charset cs = StandardCharsets.UTF_8;
        if (name != null) {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("8-BIT") || upper.equals("BINARY")) {
                cs = StandardCharsets.ISO_8859_1;
            } else if (Charset.isSupported(upper)) {
                cs = Charset.forName(upper);
            } else {
                throw ProblemException.invalid("charset", "unknown charset " + name);
            }
        }
        return new String(body, cs);
    }

    private static String remote(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required");
        }
        // Kannel's ids are UUIDs and numbers are short; anything longer is not from Kannel.
        if (value.length() > 200) {
            throw ProblemException.invalid(name, "must be at most 200 characters");
        }
        return value;
    }

    private static long reference(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("ref", "must be a message's touchpoint id");
        }
    }

    private static Integer number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a number");
        }
    }
}
