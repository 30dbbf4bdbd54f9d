package dev.switchboard.channel.fax.service;

import dev.switchboard.channel.fax.FaxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The spool directory shared with Asterisk, which may see it under another path (a volume mounted at
 * {@code spool.local-path} here and {@code spool.asterisk-path} there). Only files inside it are read, so an
 * AGI request cannot make the service read any other file.
 */
@ApplicationScoped
public class FaxSpool {

    private final String asteriskRoot;
    private final Path localRoot;

    FaxSpool(FaxConfig config) {
        this.asteriskRoot = trimSlash(config.spool().asteriskPath());
        this.localRoot = Path.of(config.spool().localPath().orElse(config.spool().asteriskPath()))
                .toAbsolutePath().normalize();
    }

    /** The local file for a path as Asterisk names it; refuses a path outside the spool directory. */
    public Path local(String asteriskPath) {
        String p = asteriskPath.strip();
        if (!p.startsWith(asteriskRoot + "/")) {
            throw new IllegalArgumentException("not in the fax spool directory " + asteriskRoot + ": " + p);
        }
        Path file = localRoot.resolve(p.substring(asteriskRoot.length() + 1)).normalize();
        if (!file.startsWith(localRoot)) {
            throw new IllegalArgumentException("not in the fax spool directory: " + p);
        }
        return file;
    }

    /** Writes a file for Asterisk to read (blocking); returns Asterisk's path of it. */
    public String write(String name, byte[] data) throws IOException {
        Files.createDirectories(localRoot);
        Path tmp = localRoot.resolve(name + ".part");
        Files.write(tmp, data);
        Files.move(tmp, localRoot.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return asteriskRoot + "/" + name;
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
