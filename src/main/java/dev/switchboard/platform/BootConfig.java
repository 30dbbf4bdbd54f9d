package dev.switchboard.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;

/** Reads settings while configuration is still being built, for the config source factories. */
public final class BootConfig {

    private BootConfig() {
    }

    public static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    public static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    /** {@code switchboard.data-dir}, where the embedded database and generated keys live. */
    public static Path dataDir(ConfigSourceContext context) {
        return Path.of(value(context, "switchboard.data-dir", "data"));
    }
}
