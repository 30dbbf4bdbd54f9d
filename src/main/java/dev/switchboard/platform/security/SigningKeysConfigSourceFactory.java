package dev.switchboard.platform.security;

import dev.switchboard.platform.BootConfig;
import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Points smallrye-jwt at a token signing key pair: the configured one, or one generated on the
 * first start and kept in {@code <data-dir>/keys} so tokens stay valid across restarts.
 */
public class SigningKeysConfigSourceFactory implements ConfigSourceFactory {

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey.location";
    static final String PRIVATE_KEY = "smallrye.jwt.sign.key.location";
    private static final Logger LOG = Logger.getLogger(SigningKeysConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT || BootConfig.isSet(context, PUBLIC_KEY) || BootConfig.isSet(context, PRIVATE_KEY)) {
            return List.of();
        }
        Path keys = BootConfig.dataDir(context).resolve("keys");
        Path privateKey = keys.resolve("token-signing.key.pem");
        Path publicKey = keys.resolve("token-signing.pub.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            generate(privateKey, publicKey);
        }
        try {
            // The key contents, not their locations: in dev and test mode Quarkus supplies a throw-away
            // key pair of its own as contents, which would win over locations.
            return List.of(new PropertiesConfigSource(Map.of(
                    "mp.jwt.verify.publickey", Files.readString(publicKey),
                    "smallrye.jwt.sign.key", Files.readString(privateKey)), "switchboard-signing-keys", 275));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the token signing keys in " + keys, e);
        }
    }

    private static synchronized void generate(Path privateKey, Path publicKey) {
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKey.getParent());
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("File system without POSIX permissions: private key mode left as is");
            }
            LOG.infof("Generated a token signing key pair in %s", privateKey.getParent().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the token signing keys to " + privateKey.getParent(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
