package dev.switchboard.report;

import java.util.List;

/** A report's answer: the columns (group keys first, then figures) and one row of values per group. */
public record ReportTable(String report, String from, String to, String zone, List<String> groupBy,
                          List<String> columns, List<List<Object>> rows) {
}
