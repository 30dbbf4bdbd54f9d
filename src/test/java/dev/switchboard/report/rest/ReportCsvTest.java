package dev.switchboard.report.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.report.ReportTable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV export: quoting, plain numbers, and names a spreadsheet would run as formulas. */
class ReportCsvTest {

    @Test
    void namesThatLookLikeFormulasAreWrittenAsTextAndNumbersStayNumbers() {
        ReportTable table = new ReportTable("agents", "2026-12-01", "2026-12-02", "UTC", List.of("agent"),
                List.of("agentId", "agentName", "handled", "handleSeconds"), List.of(
                        Arrays.asList(1L, "=HYPERLINK(\"http://x\",\"y\")", 3L, -1.5),
                        Arrays.asList(2L, "@SUM(A1)", 0L, 12_000_000.0),
                        Arrays.asList(3L, "Li, Wei", 1L, null),
                        Arrays.asList(4L, "-minus", 1L, 2.0)));
        List<String> lines = ReportCsv.write(table).lines().toList();
        assertThat(lines).containsExactly(
                "agentId,agentName,handled,handleSeconds",
                "1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3,-1.5",
                "2,'@SUM(A1),0,12000000",
                "3,\"Li, Wei\",1,",
                "4,'-minus,1,2.0");
    }
}
