package dev.switchboard.platform.database;

import dev.switchboard.platform.BootConfig;
import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource of the embedded PostgreSQL when none is configured and the embedded
 * database is enabled ({@code switchboard.database.embedded}, on in dev and test, off in
 * production so that a forgotten URL fails loudly instead of writing to a local directory).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Also called while Quarkus builds the application: only a running service gets a database.
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT) {
            return List.of();
        }
        if (BootConfig.isSet(context, "quarkus.datasource.reactive.url") || BootConfig.isSet(context, "quarkus.datasource.jdbc.url")) {
            return List.of();
        }
        if (!Boolean.parseBoolean(BootConfig.value(context, "switchboard.database.embedded", "false"))) {
            throw new IllegalStateException("No database is configured. Set QUARKUS_DATASOURCE_REACTIVE_URL"
                    + " (and QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD)"
                    + " to use an external PostgreSQL, or SWITCHBOARD_DATABASE_EMBEDDED=true to run the embedded one.");
        }
        Path directory = BootConfig.dataDir(context).resolve("postgres");
        boolean clean = Boolean.parseBoolean(BootConfig.value(context, "switchboard.database.embedded-clean", "false"));
        int port = EmbeddedDatabase.start(directory, clean, httpPort(context));
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.reactive.url", EmbeddedDatabase.reactiveUrl(port),
                "quarkus.datasource.jdbc.url", EmbeddedDatabase.jdbcUrl(port),
                "quarkus.datasource.username", EmbeddedDatabase.USER),
                "switchboard-embedded-database", 275));
    }

    /** The HTTP port the service will bind once the database is up; 0 when it is not a plain number. */
    private static int httpPort(ConfigSourceContext context) {
        try {
            return Integer.parseInt(BootConfig.value(context, "quarkus.http.port", "8080").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
