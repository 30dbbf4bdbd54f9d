package dev.switchboard.channel.chat.rest;

import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.chat.ChatConfig;
import dev.switchboard.channel.chat.ChatLanguage;
import dev.switchboard.channel.chat.ChatSession;
import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.channel.chat.service.ChatService;
import dev.switchboard.channel.chat.service.OfflineService;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * What the customer's widget calls over HTTP: start a chat (or leave a message when nobody is on
 * shift), send and fetch files. No sign-in: a chat's token, sent as {@code X-Chat-Token}, opens
 * that chat alone.
 */
@Path("/api/chat")
@PermitAll
@Tag(name = "Web chat", description = "For the customer's widget; see docs/channels/chat.md")
public class ChatResource {

    /** The pre-chat form: all optional; a phone or email links the chat to the customer who has it. */
    public record StartRequest(@Size(max = 200) String name, @Size(max = 50) String phone,
                               @Email @Size(max = 320) String email, @Size(max = 500) String page, Long queueId,
                               @Size(max = 35) String language) {
    }

    /** A started chat, or {@code offline} with what to tell the customer. */
    public record StartResponse(boolean offline, UUID sessionId, String token, String socket, String message) {
    }

    /** The offline form: a message and a way to answer it. */
    public record OfflineRequest(@Size(max = 200) String name, @Size(max = 50) String phone,
                                 @Email @Size(max = 320) String email, @NotBlank @Size(max = 5000) String message,
                                 Long queueId, @Size(max = 35) String language) {
    }

    /** The service request the offline message became, and what to tell the customer. */
    public record OfflineResponse(long serviceRequestId, String message) {
    }

    /** A stored file: its place in the chat. */
    public record FileResponse(String clientMessageId, int seq) {
    }

    private final ChatService chats;
    private final OfflineService offline;
    private final ChatRepository repository;
    private final OutboundService files;
    private final ChatConfig config;

    ChatResource(ChatService chats, OfflineService offline, ChatRepository repository, OutboundService files,
                 ChatConfig config) {
        this.chats = chats;
        this.offline = offline;
        this.repository = repository;
        this.files = files;
        this.config = config;
    }

    @POST
    @Path("/sessions")
    @Operation(summary = "Start a chat", description = "When someone serving the queue is present, opens the chat"
            + " (201) with its session id and token, routed to an agent. Otherwise answers 200 with offline=true:"
            + " the widget shows the offline form. The chat is held in `language` (en or zh-CN; else the"
            + " browser's Accept-Language): the service's texts to the customer follow it.")
    public Uni<Response> start(@Valid StartRequest request, @HeaderParam("Accept-Language") String accept) {
        StartRequest r = request == null ? new StartRequest(null, null, null, null, null, null) : request;
        String language = ChatLanguage.of(r.language(), accept);
        return chats.queueFor(r.queueId()).flatMap(queue -> chats.onShift(queue).flatMap(onShift -> {
            if (!onShift) {
                return Uni.createFrom().item(Response.ok(new StartResponse(true, null, null, null,
                        config.offlineNotice(language))).build());
            }
            return chats.start(r.name(), r.phone(), r.email(), r.page(), queue, language).map(s -> Response.status(201)
                    .entity(new StartResponse(false, s.sessionId(), s.token(), "/ws/chat/" + s.sessionId(), null))
                    .build());
        }));
    }

    @POST
    @Path("/offline")
    @Operation(summary = "Leave a message when nobody is on shift", description = "Becomes a service request of the"
            + " customer who has the phone or email given (or a provisional one); answers how it will be answered,"
            + " in `language` (en or zh-CN; else the browser's Accept-Language).")
    public Uni<Response> leaveMessage(@NotNull @Valid OfflineRequest request,
                                      @HeaderParam("Accept-Language") String accept) {
        if (isBlank(request.phone()) && isBlank(request.email())) {
            throw ProblemException.invalid("email", "give an email or a phone number so that we can answer");
        }
        return offline.leave(request.name(), request.phone(), request.email(), request.message(), request.queueId())
                .map(sr -> Response.status(201).entity(new OfflineResponse(sr,
                        config.offlineReply(ChatLanguage.of(request.language(), accept)))).build());
    }

    @POST
    @Path("/sessions/{id}/attachments")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a file in a chat", description = "The body is the file, its Content-Type the file's"
            + " type (one of switchboard.channels.chat.attachment-types). Stored once per clientMessageId.")
    public Uni<Response> attach(@RestPath String id, @HeaderParam("X-Chat-Token") String token,
                                @HeaderParam("Content-Type") String contentType,
                                @QueryParam("clientMessageId") String clientMessageId,
                                @QueryParam("filename") String filename, byte[] body) {
        // The token first: a stranger learns nothing about what would be accepted.
        return session(id, token).flatMap(s -> {
            String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (clientMessageId == null || clientMessageId.isBlank() || clientMessageId.length() > 100) {
                throw ProblemException.invalid("clientMessageId", "is required, at most 100 characters");
            }
            if (filename == null || filename.isBlank() || filename.length() > 200) {
                throw ProblemException.invalid("filename", "is required, at most 200 characters");
            }
            if (!config.attachmentTypes().contains(type)) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Files of type '" + type
                        + "' are not accepted; accepted: " + config.attachmentTypes());
            }
            if (body == null || body.length == 0) {
                throw ProblemException.invalid("body", "the file is empty");
            }
            if (body.length > config.maxAttachmentBytes()) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A file may have at most "
                        + config.maxAttachmentBytes() + " bytes");
            }
            return chats.message(s, clientMessageId, null, List.of(new InboundContact.Attachment(filename, type, body)));
        }).map(r -> Response.status(r.created() ? 201 : 200).entity(new FileResponse(clientMessageId, r.seq())).build());
    }

    @GET
    @Path("/sessions/{id}/files/{sha256}")
    @Operation(summary = "Fetch a file of the chat", description = "Only files sent in this chat, by either side.")
    public Uni<Response> file(@RestPath String id, @RestPath String sha256,
                              @HeaderParam("X-Chat-Token") String token) {
        return session(id, token).flatMap(s -> repository.hasFile(s.interactionId(), sha256)).flatMap(has -> {
            if (!has) {
                throw ProblemException.notFound("File", sha256);
            }
            return files.file(sha256);
        }).map(f -> Response.ok(f.data(), f.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + f.filename().replaceAll("[^\\w.\\- ]", "_") + "\"")
                .header("X-Content-Type-Options", "nosniff").build());
    }

    /** The session the id and token open; 401 alike for a malformed id, an unknown one or a wrong token. */
    private Uni<ChatSession> session(String id, String token) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            sessionId = null;
        }
        return chats.authenticate(sessionId, token).map(s -> {
            if (s == null) {
                throw new ProblemException(ProblemType.UNAUTHORIZED, "Wrong chat session or token");
            }
            return s;
        });
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
