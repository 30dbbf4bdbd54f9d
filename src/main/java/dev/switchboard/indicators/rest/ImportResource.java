package dev.switchboard.indicators.rest;

import dev.switchboard.auth.Roles;
import dev.switchboard.indicators.ImportFormat;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.ImportOrigin;
import dev.switchboard.indicators.ImportRequest;
import dev.switchboard.indicators.ImportView;
import dev.switchboard.indicators.service.ImportQueries;
import dev.switchboard.indicators.service.IndicatorImporter;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The data centre's files of indicators and holdings: import one, follow an import, list them. */
@Path("/api/indicators/imports")
@Tag(name = "Indicators")
public class ImportResource {

    private final IndicatorImporter importer;
    private final ImportQueries queries;
    private final SecurityIdentity identity;

    ImportResource(IndicatorImporter importer, ImportQueries queries, SecurityIdentity identity) {
        this.importer = importer;
        this.queries = queries;
        this.identity = identity;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_CENTRE})
    @Operation(summary = "Import a file of indicators or holdings", description = "The body is the file, CSV"
            + " (text/csv, a header line naming the columns) or JSON lines (application/x-ndjson), read as it comes."
            + " Rows that cannot be applied are counted and the first of them listed by line; the others are kept."
            + " 201 when it ran now; a repeat of the same source and asOf answers the first import (200, or 202"
            + " while it still runs) without applying anything. See docs/organisation.md.")
    @RequestBody(content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING))})
    public Response upload(@Parameter(description = "INDICATORS or HOLDINGS") @RestQuery String kind,
                           @Parameter(description = "The file's name: with asOf, the import's key") @RestQuery String source,
                           @Parameter(description = "The date the figures are as of, YYYY-MM-DD") @RestQuery String asOf,
                           @Context HttpHeaders headers, InputStream body) {
        ImportRequest request = new ImportRequest(kind(kind), source(source), date(asOf),
                format(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)), ImportOrigin.API,
                identity.getPrincipal().getName(), length(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH)));
        IndicatorImporter.Outcome outcome = importer.run(request, body);
        ImportView view = ImportView.of(outcome.record());
        return switch (outcome.how()) {
            case RAN -> Response.status(201).header("Location", "/api/indicators/imports/" + view.id()).entity(view)
                    .build();
            case REPEAT -> Response.ok(view).build();
            case RUNNING_ELSEWHERE -> Response.accepted(view).build();
        };
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_CENTRE})
    @Operation(summary = "An import and its progress", description = "While it runs: its phase, rows read, errors,"
            + " rows per second and the seconds the phase should still take.")
    public Uni<ImportView> get(@RestPath long id) {
        return queries.find(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Import", id))
                .map(ImportView::of);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_CENTRE})
    @Operation(summary = "Imports, newest first")
    public Uni<PageView<ImportView>> list(@RestQuery @DefaultValue("0") @Min(0) @Max(PageView.MAX_PAGE) int page,
                                          @RestQuery @DefaultValue("20") @Min(1) @Max(200) int size) {
        return queries.list(page, size).map(p -> new PageView<>(p.items().stream().map(ImportView::of).toList(),
                page, size, p.total()));
    }

    private static ImportKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            throw ProblemException.invalid("kind", "is required: INDICATORS or HOLDINGS");
        }
        try {
            return ImportKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("kind", "must be INDICATORS or HOLDINGS");
        }
    }

    private static String source(String source) {
        if (source == null || source.isBlank()) {
            throw ProblemException.invalid("source", "is required: the file's name");
        }
        String s = source.strip();
        if (s.length() > 200 || s.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("source", "must be at most 200 characters, none of them control characters");
        }
        return s;
    }

    private static LocalDate date(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            throw ProblemException.invalid("asOf", "is required: the date the figures are as of, YYYY-MM-DD");
        }
        try {
            LocalDate date = LocalDate.parse(asOf.strip());
            if (date.getYear() < 1900 || date.getYear() > 9999) {
                throw ProblemException.invalid("asOf", "must be a date between the years 1900 and 9999");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("asOf", "must be a date, YYYY-MM-DD");
        }
    }

    private static ImportFormat format(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("none");
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")
                    && !param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Files are read as UTF-8; the charset "
                        + param[1].strip() + " is not taken");
            }
        }
        return ImportFormat.ofMediaType(parts[0]).orElseThrow(() -> unsupported(parts[0].strip()));
    }

    private static ProblemException unsupported(String given) {
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The Content-Type " + shorten(given)
                + " is not taken: send text/csv or application/x-ndjson (JSON lines)");
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    private static Long length(String contentLength) {
        try {
            return contentLength == null ? null : Long.valueOf(contentLength.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
