package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportField;
import dev.switchboard.indicators.ImportFormat;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.RowError;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The rows of a file, one at a time: each is either the values of the kind's fields (in {@link ImportKind#fields()}
 * order; null where absent) or the error that makes the line unreadable. Blank lines are skipped.
 */
abstract class RowSource {

    protected final LineReader lines;
    protected final List<ImportField> fields;
    protected final String[] values;
    protected RowError error;

    RowSource(LineReader lines, ImportKind kind) {
        this.lines = lines;
        this.fields = kind.fields();
        this.values = new String[fields.size()];
    }

    static RowSource of(ImportFormat format, ImportKind kind, InputStream in, int maxLineBytes, long maxBytes)
            throws IOException {
        LineReader lines = new LineReader(in, maxLineBytes, maxBytes);
        return format == ImportFormat.CSV ? new CsvRows(lines, kind) : new JsonLineRows(lines, kind);
    }

    /** Moves to the next row; false at the end of the file. */
    final boolean next() throws IOException {
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            java.util.Arrays.fill(values, null);
            error = null;
            if (lines.tooLong()) {
                error = new RowError(lines.number(), null, "the line is longer than " + lines.maxLineBytes()
                        + " bytes (switchboard.indicators.max-line-bytes)");
            } else {
                read();
            }
            return true;
        }
        return false;
    }

    /** Reads the current line into {@link #values}, or sets {@link #error}. */
    protected abstract void read();

    long line() {
        return lines.number();
    }

    /** The error that makes the current line unreadable, or null. */
    RowError error() {
        return error;
    }

    /** The current row's values by field; meaningful when {@link #error()} is null. */
    String[] values() {
        return values;
    }

    long bytesRead() {
        return lines.bytesRead();
    }

    /** The index of a field name as a file writes it, or -1 when the kind has no such field. */
    protected int fieldIndex(String name) {
        String normalised = ImportField.normalise(name);
        for (int i = 0; i < fields.size(); i++) {
            if (ImportField.normalise(fields.get(i).key()).equals(normalised)) {
                return i;
            }
        }
        return -1;
    }

    protected void fail(String field, String message) {
        error = new RowError(lines.number(), field, message);
    }
}
