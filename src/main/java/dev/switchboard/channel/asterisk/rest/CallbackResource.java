package dev.switchboard.channel.asterisk.rest;

import dev.switchboard.channel.asterisk.CallbackState;
import dev.switchboard.channel.asterisk.repository.CallbackRepository.CallbackRecord;
import dev.switchboard.channel.asterisk.service.CallbackService;
import dev.switchboard.channel.chat.ChatLanguage;
import dev.switchboard.channel.chat.ChatSession;
import dev.switchboard.channel.chat.service.ChatService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Call-back requests from the customer's widget (or any web page): the windows on offer, booking, and the
 * booking's state and cancellation with its own token. No sign-in; docs/channels/telephony.md.
 */
@Path("/api/chat/callbacks")
@PermitAll
@Tag(name = "Web chat", description = "For the customer's widget; see docs/channels/chat.md")
public class CallbackResource {

    /** A booking: the phone is required; no window means as soon as possible. */
    public record BookRequest(@NotBlank @Size(max = 50) String phone, @Size(max = 200) String name, Instant notBefore,
                              Instant notAfter, Long queueId, @Size(max = 35) String language,
                              @Size(max = 500) String note, UUID sessionId) {
    }

    /** A booked request; {@code token} reads or cancels it ({@code X-Callback-Token}). */
    public record Booked(long id, String token, CallbackState state, Instant notBefore, Instant notAfter,
                         String message) {
    }

    /** A request's state. */
    public record Status(long id, CallbackState state, Instant notBefore, Instant notAfter) {
    }

    /** Windows on offer, in the queue's time zone. */
    public record Slots(boolean asap, String timeZone, List<Slot> slots) {
    }

    public record Slot(Instant from, Instant to) {
    }

    private final CallbackService callbacks;
    private final ChatService chats;

    CallbackResource(CallbackService callbacks, ChatService chats) {
        this.callbacks = callbacks;
        this.chats = chats;
    }

    @GET
    @Path("/slots")
    @Operation(summary = "Windows a call-back may be booked in", description = "One-hour windows inside the queue's"
            + " business hours from the next full hour, at most 3 days ahead and 24 windows; asap when the queue is"
            + " open now. 404 when call-backs are not offered.")
    public Uni<Slots> slots(@QueryParam("queueId") Long queueId) {
        return callbacks.slots(queueId).map(s -> new Slots(s.asap(), s.timeZone(),
                s.slots().stream().map(p -> new Slot(p.from(), p.to())).toList()));
    }

    @POST
    @Operation(summary = "Book a call-back", description = "The number is called in the window (both ends, or"
            + " neither for as soon as possible while the queue is open). With X-Chat-Token and sessionId the"
            + " request is the chat's customer's. 201 with the token that reads and cancels it; 400 per field;"
            + " 409 when a call-back to the number is pending; 429 after too many from one address.")
    public Uni<Response> book(@NotNull @Valid BookRequest r, @HeaderParam("X-Chat-Token") String chatToken,
                              @HeaderParam("Accept-Language") String accept, @Context HttpServerRequest http) {
        String language = ChatLanguage.of(r.language(), accept);
        Uni<ChatSession> chat = r.sessionId() == null ? Uni.createFrom().nullItem()
                : chats.authenticate(r.sessionId(), chatToken).invoke(s -> {
                    if (s == null) {
                        throw new ProblemException(ProblemType.UNAUTHORIZED, "Wrong chat session or token");
                    }
                });
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return chat.flatMap(s -> callbacks.book(new CallbackService.Request(r.phone(), r.name(), r.notBefore(),
                        r.notAfter(), r.queueId() != null ? r.queueId() : s != null ? s.queueId() : null, language,
                        r.note(), s == null ? null : s.id(), s == null ? null : s.customerId()), address))
                .flatMap(b -> callbacks.zoneOf(b.request().queueId()).map(zone -> Response.status(201)
                        .entity(new Booked(b.request().id(), b.token(), b.request().state(), b.request().notBefore(),
                                b.request().notAfter(), confirmation(b.request(), language, zone)))
                        .build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A call-back's state", description = "SCHEDULED, QUEUED, CALLING, DONE, FAILED, EXPIRED or"
            + " CANCELLED; 401 without X-Callback-Token, 404 for a wrong id or token.")
    public Uni<Status> status(@RestPath long id, @HeaderParam("X-Callback-Token") String token) {
        requireToken(token);
        return callbacks.find(id, token).map(r -> status(id, r));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a call-back", description = "Until an agent takes it (SCHEDULED or QUEUED);"
            + " 409 later, 401 without X-Callback-Token, 404 for a wrong id or token.")
    public Uni<Response> cancel(@RestPath long id, @HeaderParam("X-Callback-Token") String token) {
        requireToken(token);
        return callbacks.cancel(id, token).map(r -> {
            status(id, r);
            return Response.noContent().build();
        });
    }

    private static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The booking's X-Callback-Token is required");
        }
    }

    private static Status status(long id, CallbackRecord r) {
        if (r == null) {
            throw ProblemException.notFound("Call-back", id);
        }
        return new Status(r.id(), r.state(), r.notBefore(), r.notAfter());
    }

    /** What the customer is told, in the chat's language, with the times on the queue's clock. */
    static String confirmation(CallbackRecord r, String language, ZoneId zone) {
        boolean zh = language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
        Locale locale = zh ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        DateTimeFormatter day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        String when = day.format(r.notBefore()) + " " + time.format(r.notBefore()) + "–" + time.format(r.notAfter());
        return zh ? "我们将在 " + when + "（" + zone.getId() + "）致电 " + r.phone() + "。"
                : "We will call you on " + r.phone() + " on " + when + " (" + zone.getId() + ").";
    }
}
