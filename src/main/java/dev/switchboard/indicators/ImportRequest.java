package dev.switchboard.indicators;

import java.time.LocalDate;

/**
 * A file to import. {@code source} and {@code asOf} are its key: a repeat is answered with the first result.
 *
 * @param bytesTotal the file's size when known (for the progress figure), else null
 */
public record ImportRequest(ImportKind kind, String source, LocalDate asOf, ImportFormat format, ImportOrigin origin,
                            String actor, Long bytesTotal) {
}
