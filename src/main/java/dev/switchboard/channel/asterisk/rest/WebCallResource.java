package dev.switchboard.channel.asterisk.rest;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.service.CallbackService;
import dev.switchboard.channel.asterisk.service.WebCallService;
import dev.switchboard.channel.chat.service.ChatService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The voice side of the chat widget: what it may offer now (a call from the page, a call-back), and the
 * settings and single-use ticket of one WebRTC call. No sign-in; the call's ticket needs the chat's token.
 */
@Path("/api/chat/calls")
@PermitAll
@Tag(name = "Web chat", description = "For the customer's widget; see docs/channels/chat.md")
public class WebCallResource {

    /** What the widget may offer for the queue now. */
    public record Voice(boolean calls, boolean callbacks, boolean openNow) {
    }

    /** One call's settings: JsSIP calls {@code target} from {@code fromUri} over {@code wssUrl}, the ticket in {@code header}. */
    public record CallSettings(String wssUrl, String target, String fromUri, String displayName, String header,
                               String ticket, List<SoftphoneResource.IceServer> iceServers, Instant expiresAt) {
    }

    private final WebCallService webCalls;
    private final CallbackService callbacks;
    private final ChatService chats;
    private final AsteriskConfig config;

    WebCallResource(WebCallService webCalls, CallbackService callbacks, ChatService chats, AsteriskConfig config) {
        this.webCalls = webCalls;
        this.callbacks = callbacks;
        this.chats = chats;
        this.config = config;
    }

    @GET
    @Operation(summary = "What the widget may offer by voice now", description = "calls: a call from the page can be"
            + " answered now (telephony on, a queue takes VOIP, someone is at work in it, inside its hours);"
            + " callbacks: call-backs can be booked; openNow: the queue is inside its business hours.")
    public Uni<Voice> voice(@QueryParam("queueId") Long queueId) {
        return webCalls.queueFor(queueId).flatMap(voipQueue -> webCalls.answerable(voipQueue)
                .flatMap(calls -> callbacks.available(queueId).flatMap(book -> webCalls.openNow(
                        voipQueue != null ? voipQueue : queueId).map(open -> new Voice(calls, book, open)))));
    }

    /** Which chat the call is from. */
    public record CallRequest(UUID sessionId) {
    }

    @POST
    @Operation(summary = "Settings and ticket for one call from the chat", description = "The widget calls `target`"
            + " over `wssUrl` as `fromUri` (Asterisk's [sb-web-caller], no password) with the header `header: ticket`;"
            + " the call becomes a VOIP interaction of the chat's customer in the chat's queue. The ticket is good"
            + " for one call until expiresAt. 409 when nobody could answer now; 401 without the session id or for a wrong"
            + " token.")
    public Uni<Response> call(CallRequest request, @HeaderParam("X-Chat-Token") String token) {
        // The token first: a stranger learns nothing about what would be accepted.
        if (token == null || token.isBlank() || request == null || request.sessionId() == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A chat's session id and X-Chat-Token are required");
        }
        return chats.authenticate(request.sessionId(), token).flatMap(s -> {
            if (s == null) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, "Wrong chat session or token");
            }
            return webCalls.ticket(s).map(t -> {
                AsteriskConfig.Softphone phone = config.softphone();
                String name = s.visitorName() == null ? "Web caller" : s.visitorName() + " (web)";
                return Response.status(201).entity(new CallSettings(phone.wssUrl(),
                        "sip:" + config.webCalls().target() + "@" + phone.domain(),
                        "sip:" + config.webCalls().fromUser() + "@" + phone.domain(), name, WebCallService.HEADER,
                        t.ticket(), phone.iceServers().orElse(List.of()).stream().map(SoftphoneResource::ice).toList(),
                        t.expiresAt())).build();
            });
        });
    }
}
