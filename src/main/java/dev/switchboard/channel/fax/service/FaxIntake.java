package dev.switchboard.channel.fax.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.ContactLimits;
import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.IngestResult;
import dev.switchboard.channel.fax.FaxConfig;
import dev.switchboard.channel.fax.FaxReception;
import dev.switchboard.channel.fax.ReceivedFax;
import dev.switchboard.channel.fax.internal.CorruptFaxDocument;
import dev.switchboard.channel.fax.internal.FaxDocumentException;
import dev.switchboard.channel.fax.internal.FaxDocumentTooLarge;
import dev.switchboard.channel.fax.internal.FaxDocuments;
import dev.switchboard.channel.fax.internal.FaxFormat;
import dev.switchboard.channel.fax.internal.FaxLimits;
import dev.switchboard.channel.fax.internal.FaxPageImage;
import dev.switchboard.channel.fax.internal.FaxPageImages;
import dev.switchboard.channel.fax.internal.FaxPdf;
import dev.switchboard.channel.fax.repository.FaxRepository;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.repository.QueueRepository;
import dev.switchboard.platform.text.NulCharacters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one inbound path of a fax once its file is here, whichever gateway delivered it: checks the limits,
 * converts on a worker thread (PDF and one PNG per page), stores the original, the PDF and the page images as
 * attachments of one MESSAGE_IN touchpoint, resolves the sender by fax number and routes the new interaction.
 * A file that cannot be read is kept in {@code fax_rejected} with the reason and answered with a problem.
 */
@ApplicationScoped
public class FaxIntake {

    private static final Logger LOG = Logger.getLogger(FaxIntake.class);
    static final String RECEIVED = "RECEIVED";
    static final String PARTIAL = "PARTIAL";
    static final String FAILED = "FAILED";

    private record Converted(boolean pdfSource, FaxPdf pdf, FaxPageImages images) {
    }

    private final FaxConfig config;
    private final FaxDocuments documents;
    private final long maxBytes;
    private final ContactIngestService ingest;
    private final ContactPointNormalizer normalizer;
    private final FaxRepository repository;
    private final QueueRepository queues;
    private final ObjectMapper json;

    FaxIntake(FaxConfig config, ContactLimits contactLimits, ContactIngestService ingest,
              ContactPointNormalizer normalizer, FaxRepository repository, QueueRepository queues, ObjectMapper json) {
        this.config = config;
        // Every file of a fax is an attachment, so the channel-wide attachment limit bounds the fax too.
        this.maxBytes = Math.min(config.maxBytes(), contactLimits.maxAttachmentBytes());
        this.documents = new FaxDocuments(new FaxLimits(maxBytes, config.maxPages(), config.maxPixelsPerPage()));
        this.ingest = ingest;
        this.normalizer = normalizer;
        this.repository = repository;
        this.queues = queues;
        this.json = json;
    }

    /** Largest document accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Takes one fax in. Completes once the touchpoint is committed and the interaction routed; fails with a
     * problem (413, 415, 422, or 400 for a bad sender number) after the file has been kept for inspection. A job
     * id seen before answers with the first result and writes nothing.
     */
    public Uni<FaxReception> receive(ReceivedFax received) {
        // What a gateway sends is never refused for a NUL character (PostgreSQL cannot store one): replaced, noted.
        String nulNote = nulNote(received);
        ReceivedFax fax = withoutNul(received);
        if (fax.jobId() == null || fax.jobId().isBlank()) {
            throw ProblemException.invalid("jobId", "is required");
        }
        String key = "FAX:" + fax.jobId();
        return repository.ingested(key).flatMap(earlier -> {
            if (earlier != null) {
                IngestResult first = parse(earlier);
                return repository.receptionData(first.touchpointId()).map(data -> new FaxReception(
                        first.interactionId(), first.touchpointId(), first.customerId(),
                        data == null ? RECEIVED : data.getString("status", RECEIVED),
                        data == null ? 0 : data.getInteger("pagesReceived", 0), false));
            }
            return take(fax, nulNote);
        });
    }

    private Uni<FaxReception> take(ReceivedFax fax, String nulNote) {
        String sender;
        try {
            sender = normalizer.normalize(ContactPointType.FAX, fax.from(), "from");
        } catch (ProblemException e) {
            return keep(fax, ProblemType.VALIDATION, "The sender's fax number is missing or not a phone number: "
                    + fax.from()).replaceWith(Uni.createFrom().failure(e));
        }
        byte[] document = fax.document();
        if (document == null || document.length == 0) {
            return store(fax, sender, null, nulNote);
        }
        if (document.length > maxBytes) {
            return refuseTooLarge(fax, document.length);
        }
        return Workers.offload(() -> convert(document)).onFailure(FaxDocumentException.class).recoverWithUni(e -> {
            ProblemType type = e instanceof FaxDocumentTooLarge ? ProblemType.PAYLOAD_TOO_LARGE
                    : e instanceof CorruptFaxDocument ? ProblemType.UNREADABLE_DOCUMENT : ProblemType.UNSUPPORTED_MEDIA_TYPE;
            return keep(fax, type, e.getMessage()).map(id -> {
                throw new ProblemException(type, e.getMessage() + " The file was kept for inspection as rejected fax "
                        + id + ".");
            });
        }).flatMap(converted -> store(fax, sender, converted, nulNote));
    }

    /**
     * Records a document too large to take (its metadata and size, not its bytes) and fails with 413. For an
     * upload whose size alone refuses it, before it is read into memory.
     */
    public Uni<FaxReception> refuseTooLarge(ReceivedFax received, long size) {
        ReceivedFax fax = withoutNul(received);
        String reason = "The fax document is " + size + " bytes; at most " + maxBytes + " are accepted.";
        LOG.infof("Fax %s from %s (%s) rejected: %s", fax.jobId(), fax.from(), fax.source(), reason);
        return repository.reject(fax.source(), fax.jobId(), fax.from(), fax.to(), fax.filename(), null, size, null,
                ProblemType.PAYLOAD_TOO_LARGE.slug(), reason, null).map(id -> {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, reason
                            + " It was recorded as rejected fax " + id + " without its content.");
                });
    }

    private Uni<FaxReception> store(ReceivedFax fax, String sender, Converted converted, String nulNote) {
        int pages = converted == null ? 0 : Math.min(converted.pdf().pageCount(), converted.images().pages().size());
        String failure = null;
        if (converted != null && converted.pdf().failure().isPresent()) {
            failure = converted.pdf().failure().get().reason();
        } else if (converted != null && converted.images().failure().isPresent()) {
            failure = converted.images().failure().get().reason();
        }
        boolean gatewayFailed = fax.gatewayStatus() != null && !fax.gatewayStatus().isBlank()
                && !"SUCCESS".equalsIgnoreCase(fax.gatewayStatus()) && !"OK".equalsIgnoreCase(fax.gatewayStatus());
        boolean missing = fax.pagesExpected() != null && pages < fax.pagesExpected();
        String status = pages == 0 ? FAILED : failure != null || missing || gatewayFailed ? PARTIAL : RECEIVED;

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        data.put("source", fax.source());
        data.put("jobId", fax.jobId());
        data.put("pagesReceived", pages);
        putIfSet(data, "pagesExpected", fax.pagesExpected());
        putIfSet(data, "gatewayStatus", fax.gatewayStatus());
        putIfSet(data, "error", fax.gatewayError() != null && !fax.gatewayError().isBlank() ? fax.gatewayError() : failure);
        putIfSet(data, "conversionError", failure);
        putIfSet(data, "remoteStationId", fax.remoteStationId());
        putIfSet(data, "to", fax.to());
        putIfSet(data, "notes", nulNote == null ? null : List.of(nulNote));

        List<InboundContact.Attachment> files = new ArrayList<>();
        if (converted != null) {
            String base = "fax-" + fax.jobId().replaceAll("[^\\w.-]", "_");
            if (converted.pdfSource()) {
                files.add(new InboundContact.Attachment(base + ".pdf", "application/pdf", fax.document()));
            } else {
                files.add(new InboundContact.Attachment(base + ".tif", "image/tiff", fax.document()));
                files.add(new InboundContact.Attachment(base + ".pdf", "application/pdf", converted.pdf().pdf()));
            }
            List<Map<String, Object>> pageList = new ArrayList<>();
            for (FaxPageImage page : converted.images().pages()) {
                String name = String.format(Locale.ROOT, "%s-page-%03d.png", base, page.number());
                files.add(new InboundContact.Attachment(name, "image/png", page.png()));
                pageList.add(Map.of("page", page.number(), "width", page.width(), "height", page.height(),
                        "filename", name, "sha256", Hashes.sha256(page.png())));
            }
            data.put("pages", pageList);
            data.put("pdfSha256", Hashes.sha256(converted.pdfSource() ? fax.document() : converted.pdf().pdf()));
            data.put("originalSha256", Hashes.sha256(fax.document()));
        }
        String place = fax.to() != null && !fax.to().isBlank() ? fax.to() : config.number().orElse(null);
        InboundContact contact = InboundContact.of(Channel.FAX, ContactPointType.FAX, sender)
                .key(fax.jobId()).externalKey(fax.jobId()).joinOpen(false).place(place)
                .content(summary(status, pages, fax, failure)).attachments(files)
                .data(Map.of("fax", data)).build();
        return queueId().chain(queue -> ingest.ingestAndRoute(contact, queue, files.size()))
                .invoke(r -> LOG.infof("Fax %s from %s: %s, %d page(s), interaction %d", fax.jobId(), sender, status,
                        pages, r.interactionId()))
                .map(r -> new FaxReception(r.interactionId(), r.touchpointId(), r.customerId(), status, pages,
                        r.created()));
    }

    private static String summary(String status, int pages, ReceivedFax fax, String failure) {
        String error = fax.gatewayError() != null && !fax.gatewayError().isBlank() ? fax.gatewayError() : failure;
        return switch (status) {
            case RECEIVED -> "Fax received: " + pages + (pages == 1 ? " page" : " pages");
            case PARTIAL -> "Fax partly received: " + pages + (fax.pagesExpected() != null
                    && fax.pagesExpected() > pages ? " of " + fax.pagesExpected() : "") + " page(s)"
                    + (error == null ? "" : " (" + error + ")");
            default -> "Fax reception failed, no page arrived" + (error == null ? "" : " (" + error + ")");
        };
    }

    private Converted convert(byte[] document) {
        // inspect first: it checks the byte, page and pixel limits from the file's directory, before decoding.
        boolean pdfSource = documents.inspect(document).format() == FaxFormat.PDF;
        return new Converted(pdfSource, documents.toPdf(document), documents.pages(document));
    }

    /** Keeps the file (when not too large to keep) with the reason; emits the fax_rejected id. */
    private Uni<Long> keep(ReceivedFax fax, ProblemType problem, String reason) {
        byte[] document = fax.document();
        boolean tooLarge = document != null && document.length > maxBytes;
        LOG.infof("Fax %s from %s (%s) rejected: %s", fax.jobId(), fax.from(), fax.source(), reason);
        Map<String, Object> extra = new LinkedHashMap<>();
        putIfSet(extra, "pagesExpected", fax.pagesExpected());
        putIfSet(extra, "gatewayStatus", fax.gatewayStatus());
        putIfSet(extra, "gatewayError", fax.gatewayError());
        putIfSet(extra, "remoteStationId", fax.remoteStationId());
        return repository.reject(fax.source(), fax.jobId(), fax.from(), fax.to(), fax.filename(), null,
                document == null ? 0 : document.length, tooLarge ? null : document, problem.slug(), reason, extra);
    }

    /** The configured queue's id, or null for the first queue serving FAX. */
    private Uni<Long> queueId() {
        if (config.queue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> queues.findByName(config.queue().get())).map(q -> {
            if (q == null) {
                LOG.warnf("switchboard.channels.fax.queue names no queue (%s); using the first FAX queue",
                        config.queue().get());
                return null;
            }
            return q.id;
        });
    }

    /** The fax with each NUL in its texts replaced by U+FFFD. */
    private static ReceivedFax withoutNul(ReceivedFax f) {
        return new ReceivedFax(f.source(), NulCharacters.replace(f.jobId()), NulCharacters.replace(f.from()),
                NulCharacters.replace(f.to()), NulCharacters.replace(f.filename()), f.document(), f.pagesExpected(),
                NulCharacters.replace(f.gatewayStatus()), NulCharacters.replace(f.gatewayError()),
                NulCharacters.replace(f.remoteStationId()));
    }

    /** The note for the fields of this fax that hold a NUL, or null. */
    private static String nulNote(ReceivedFax f) {
        List<String> fields = new ArrayList<>();
        String[][] texts = {{"jobId", f.jobId()}, {"from", f.from()}, {"to", f.to()}, {"filename", f.filename()},
            {"status", f.gatewayStatus()}, {"error", f.gatewayError()}, {"remoteStationId", f.remoteStationId()}};
        for (String[] t : texts) {
            if (NulCharacters.in(t[1])) {
                fields.add(t[0]);
            }
        }
        return fields.isEmpty() ? null : NulCharacters.note(fields);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            map.put(key, value);
        }
    }

    private IngestResult parse(String text) {
        try {
            return json.readValue(text, IngestResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
