package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Asterisk's realtime PJSIP tables as the migrations leave them: every column a stock Asterisk 20/22
 * knows (the list in {@code asterisk-realtime/pjsip-realtime-columns.txt}, taken from Asterisk's own
 * database migrations), so its selects by {@code mailboxes} or {@code contact} find their column.
 */
@QuarkusTest
class RealtimeTablesTest {

    @Inject
    Pool pool;

    @Test
    void theRealtimeTablesHaveEveryColumnAsteriskKnows() throws IOException {
        List<String> expected = asteriskColumns();
        assertThat(expected).hasSizeGreaterThan(150).contains("ps_endpoints mailboxes", "ps_aors contact",
                "ps_auths password_digest", "ps_endpoints webrtc");
        List<String> actual = new ArrayList<>();
        for (Row row : pool.query("""
                select table_name, column_name from information_schema.columns
                where table_schema = current_schema() and table_name in ('ps_endpoints', 'ps_auths', 'ps_aors')""")
                .execute().await().indefinitely()) {
            actual.add(row.getString("table_name") + " " + row.getString("column_name"));
        }
        assertThat(actual).containsAll(expected);
        // Nothing of ours either: every column is one Asterisk reads (it would ignore others, silently).
        assertThat(expected).containsAll(actual);
    }

    @Test
    void asteriskCanSelectByTheColumnsItFiltersOnAtStartAndOnRegistration() {
        // The statements of the lab's Asterisk log that failed before (column does not exist).
        assertThat(pool.query("SELECT * FROM ps_endpoints WHERE mailboxes != ''").execute().await().indefinitely())
                .isNotNull();
        assertThat(pool.query("SELECT * FROM ps_aors WHERE contact != '' AND qualify_frequency > 0").execute()
                .await().indefinitely()).isNotNull();
    }

    private static List<String> asteriskColumns() throws IOException {
        List<String> columns = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(RealtimeTablesTest.class.getResourceAsStream(
                "/asterisk-realtime/pjsip-realtime-columns.txt"));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    columns.add(line.strip());
                }
            }
        }
        return columns;
    }
}
