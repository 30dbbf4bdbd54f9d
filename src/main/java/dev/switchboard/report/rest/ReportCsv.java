package dev.switchboard.report.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.report.ReportTable;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * A report as RFC 4180 CSV: a header of the column names, then a line per row. Text starting with = + - @, a tab
 * or a carriage return gets a leading apostrophe, so that a spreadsheet shows it instead of running it.
 */
public final class ReportCsv {

    public static final String TEXT_CSV = "text/csv";

    private ReportCsv() {
    }

    /** CSV when format=csv, or when no format is given and the client accepts text/csv before JSON. */
    public static boolean wanted(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase()) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.invalid("format", "must be csv or json");
            };
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if ("text".equals(type.getType()) && "csv".equals(type.getSubtype())) {
                return true;
            }
        }
        return false;
    }

    static String write(ReportTable table) {
        return write(List.copyOf(table.columns()), table.rows());
    }

    /** Any table as CSV: the columns' names, then a line per row. */
    public static String write(List<String> columns, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(64 * (rows.size() + 1));
        line(out, columns);
        for (List<Object> row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            field(out, values.get(i));
        }
        out.append("\r\n");
    }

    @SuppressWarnings("unchecked")
    private static void field(StringBuilder out, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Long || value instanceof Integer) {
            out.append(value);
            return;
        }
        if (value instanceof Double d) {
            // plain digits, never 1.2E7 (Double.toString switches to exponents at 10^7 and below 10^-3)
            double abs = Math.abs(d);
            out.append(abs >= 1e-3 && abs < 1e7 || d == 0 ? Double.toString(d)
                    : java.math.BigDecimal.valueOf(d).toPlainString());
            return;
        }
        if (value instanceof String name && !name.isEmpty() && "=+-@\t\r".indexOf(name.charAt(0)) >= 0) {
            // A name (an agent's, a queue's) that a spreadsheet would run as a formula is written as text.
            value = "'" + name;
        }
        String text = value instanceof RawValue raw ? String.valueOf(raw.rawValue())
                : value instanceof Map<?, ?> map ? new JsonObject((Map<String, Object>) map).encode() : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            out.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else {
            out.append(text);
        }
    }
}
