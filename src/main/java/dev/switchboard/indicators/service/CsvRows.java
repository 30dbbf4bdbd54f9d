package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportField;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CSV with a header line naming the columns (RFC 4180 quoting: a field in double quotes may hold commas and doubled
 * quotes, but not a line break). Columns are found by name in any order; columns the kind does not know are ignored.
 */
final class CsvRows extends RowSource {

    /** For each column of the file, the field it fills (-1: ignored). */
    private final int[] columns;
    private final List<String> cells = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();

    CsvRows(LineReader lines, ImportKind kind) throws IOException {
        super(lines, kind);
        this.columns = header();
    }

    private int[] header() throws IOException {
        do {
            if (!lines.next()) {
                throw new ProblemException(ProblemType.VALIDATION, "The CSV file is empty: its first line must name the"
                        + " columns", List.of(new Problem.FieldError("header", "missing")));
            }
        } while (lines.blank());
        if (lines.tooLong() || split(lines.text()) != null) {
            throw invalidHeader("the header line cannot be read");
        }
        int[] map = new int[cells.size()];
        boolean[] seen = new boolean[fields.size()];
        for (int c = 0; c < cells.size(); c++) {
            int field = fieldIndex(cells.get(c).strip());
            map[c] = field;
            if (field >= 0) {
                if (seen[field]) {
                    throw invalidHeader("the column " + fields.get(field).key() + " is named twice");
                }
                seen[field] = true;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            if (!seen[f]) {
                missing.add(fields.get(f).key());
            }
        }
        if (!missing.isEmpty()) {
            throw invalidHeader("the header lacks the column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; it must name " + String.join(", ",
                    fields.stream().map(ImportField::key).toList()));
        }
        return map;
    }

    private static ProblemException invalidHeader(String message) {
        return new ProblemException(ProblemType.VALIDATION, "header: " + message,
                List.of(new Problem.FieldError("header", message)));
    }

    @Override
    protected void read() {
        String problem = split(lines.text());
        if (problem != null) {
            fail(null, problem);
            return;
        }
        if (cells.size() != columns.length) {
            fail(null, "has " + cells.size() + " fields; the header has " + columns.length);
            return;
        }
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] >= 0) {
                values[columns[c]] = cells.get(c);
            }
        }
    }

    /** Splits a line into {@link #cells}; returns what is wrong with it, or null. */
    private String split(String text) {
        cells.clear();
        int i = 0;
        int n = text.length();
        while (true) {
            cell.setLength(0);
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return "a quoted field is not closed on its line (fields may not span lines)";
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (i < n && text.charAt(i) != ',') {
                    return "text follows a closing quote in field " + (cells.size() + 1);
                }
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                cell.append(text, i, end);
                i = end;
            }
            cells.add(cell.toString());
            if (i >= n) {
                return null;
            }
            i++; // the comma
            if (i == n) {
                cells.add("");
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return "CsvRows" + Arrays.toString(columns);
    }
}
