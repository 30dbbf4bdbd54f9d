package dev.switchboard.indicators;

/** A row that was not applied: its line number in the file, the field at fault (null: the whole line) and why. */
public record RowError(long line, String field, String message) {
}
