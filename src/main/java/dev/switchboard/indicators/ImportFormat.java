package dev.switchboard.indicators;

import java.util.Locale;
import java.util.Optional;

/** How a file is written: CSV with a header line, or JSON lines (one object per line). */
public enum ImportFormat {
    CSV, JSON_LINES;

    /** The format of a Content-Type ({@code text/csv}; {@code application/x-ndjson} or a JSON-lines alias). */
    public static Optional<ImportFormat> ofMediaType(String mediaType) {
        String type = mediaType.toLowerCase(Locale.ROOT).strip();
        return switch (type) {
            case "text/csv", "application/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
                 "application/jsonlines", "application/json-lines" -> Optional.of(JSON_LINES);
            default -> Optional.empty();
        };
    }

    /** The format of a file name's extension ({@code .csv}, {@code .jsonl}, {@code .ndjson}). */
    public static Optional<ImportFormat> ofExtension(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "csv" -> Optional.of(CSV);
            case "jsonl", "ndjson" -> Optional.of(JSON_LINES);
            default -> Optional.empty();
        };
    }
}
