package dev.switchboard.channel.email.service;

import dev.switchboard.channel.email.internal.HtmlSanitizer;
import dev.switchboard.channel.email.repository.EmailRepository;
import dev.switchboard.channel.email.repository.EmailRepository.AttachmentRow;
import dev.switchboard.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of a stored email besides its text: the HTML body, sanitised, with inline
 * images in place (files download through {@code GET /api/attachments/{sha256}}).
 */
@ApplicationScoped
public class EmailViews {

    /** Inline images up to this size are embedded as data: URIs so the view needs no further authenticated request. */
    private static final int MAX_EMBEDDED_IMAGE = 2 * 1024 * 1024;
    private final EmailRepository repository;

    EmailViews(EmailRepository repository) {
        this.repository = repository;
    }

    /** The sanitised HTML of an email touchpoint, or null when it has none. */
    public Uni<String> html(long interactionId, long touchpointId) {
        return belongs(interactionId, touchpointId).chain(() -> repository.messageByTouchpoint(touchpointId))
                .flatMap(message -> {
                    if (message == null || message.html() == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return repository.attachments(touchpointId).flatMap(files -> inlineImages(message.data(), files))
                            .map(urls -> HtmlSanitizer.withInlineImages(HtmlSanitizer.sanitize(message.html()), urls));
                });
    }

    private Uni<Void> belongs(long interactionId, long touchpointId) {
        return repository.touchpointInteraction(touchpointId).invoke(found -> {
            if (found == null || found != interactionId) {
                throw ProblemException.notFound("Touchpoint", touchpointId + " of interaction " + interactionId);
            }
        }).replaceWithVoid();
    }

    /** content id → data: URI (small images) or the download URL. */
    private Uni<Map<String, String>> inlineImages(JsonObject data, List<AttachmentRow> files) {
        JsonObject inline = data == null ? null : data.getJsonObject("inline");
        if (inline == null || inline.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, String> urls = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String cid : inline.fieldNames()) {
            int index = inline.getInteger(cid);
            if (index < 0 || index >= files.size()) {
                continue;
            }
            AttachmentRow file = files.get(index);
            if (file.contentType().startsWith("image/") && !file.contentType().contains("svg") && file.size() <= MAX_EMBEDDED_IMAGE) {
                chain = chain.chain(() -> repository.blob(file.sha256()).invoke(bytes -> {
                    if (bytes != null) {
                        urls.put(cid, "data:" + file.contentType() + ";base64," + Base64.getEncoder().encodeToString(bytes));
                    }
                })).replaceWithVoid();
            } else {
                urls.put(cid, "/api/attachments/" + file.sha256());
            }
        }
        return chain.map(v -> urls);
    }
}
