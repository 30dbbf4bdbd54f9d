package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The ingest benchmark's {@code function} phase makes the service's own database call; this runs it against the
 * test database, so that a change of the function's signature cannot leave the benchmark failing unseen.
 */
@QuarkusTest
class FunctionCallsTest {

    @Test
    void theBenchmarksDatabaseCallStoresAContactAsTheServiceDoes() throws Exception {
        var config = ConfigProvider.getConfig();
        Database db = new Database(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        try (FunctionCalls calls = new FunctionCalls(db, 2, new Senders(5, 7))) {
            assertThat(calls.call(0)).isNull();
            assertThat(calls.call(1)).isNull();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from idempotency_key k join touchpoint t"
                     + " on t.id = (k.result ->> 'touchpointId')::bigint where k.key like 'SMS:bench-fn-%'"
                     + " and t.kind = 'MESSAGE_IN' and t.channel = 'SMS' and t.direction = 'INBOUND'")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(2);
        }
    }
}
