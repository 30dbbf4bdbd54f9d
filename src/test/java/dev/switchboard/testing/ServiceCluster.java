package dev.switchboard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * Several packaged service instances on one {@link PostgresServer}, as a cluster runs: the same token signing keys
 * in every instance's data directory (docs/architecture.md, "Scaling out"), so that a token from one is good on all,
 * each instance's output in {@code dir/<name>.log} (a restart's in {@code <name>-<n>.log}). An instance is killed
 * with SIGKILL and started again on the same port and data directory.
 */
public final class ServiceCluster implements AutoCloseable {

    private final Path dir;
    private final List<String> names;
    private final List<PackagedService> apps = new ArrayList<>();
    private final Process[] processes;
    private final int[] starts;
    private final AtomicIntegerArray alive;

    /**
     * Prepares {@code names.size()} instances on {@code db} in {@code dir/<name>}; {@code settings} gives each
     * instance's system properties by its index.
     */
    public ServiceCluster(Path dir, List<String> names, PostgresServer db, IntFunction<List<String>> settings)
            throws IOException {
        this.dir = dir;
        this.names = List.copyOf(names);
        this.processes = new Process[names.size()];
        this.starts = new int[names.size()];
        this.alive = new AtomicIntegerArray(names.size());
        KeyPair keys = signingKeys();
        for (int n = 0; n < names.size(); n++) {
            Path work = dir.resolve(names.get(n));
            Path keysDir = work.resolve("data").resolve("keys");
            Files.createDirectories(keysDir);
            Files.writeString(keysDir.resolve("token-signing.pub.pem"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            Files.writeString(keysDir.resolve("token-signing.key.pem"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            apps.add(new PackagedService(work, settings.apply(n), db.serviceEnvironment()));
        }
    }

    /** Starts every instance at once (a cluster's first start on an empty database) and waits until all are ready. */
    public void startAll() throws Exception {
        for (int n = 0; n < apps.size(); n++) {
            processes[n] = apps.get(n).start(log(n));
        }
        for (int n = 0; n < apps.size(); n++) {
            apps.get(n).awaitReady(processes[n], log(n));
            alive.set(n, 1);
        }
    }

    public List<PackagedService> apps() {
        return apps;
    }

    public int size() {
        return apps.size();
    }

    public String name(int n) {
        return names.get(n);
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** False from the moment the instance is killed until it is ready again. */
    public boolean alive(int n) {
        return alive.get(n) == 1;
    }

    /** SIGKILL ({@code kill -9}); answers once the process is gone. */
    public void kill(int n) throws InterruptedException {
        alive.set(n, 0);
        processes[n].destroyForcibly();
        if (!processes[n].waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(names.get(n) + " did not die in 30 s after SIGKILL");
        }
    }

    /** Starts a killed instance again on its port and data directory and waits until it is ready. */
    public void restart(int n) throws Exception {
        starts[n]++;
        processes[n] = apps.get(n).start(log(n));
        apps.get(n).awaitReady(processes[n], log(n));
        alive.set(n, 1);
    }

    /** The output of the instance's current (or last) run. */
    public Path log(int n) {
        return dir.resolve(names.get(n) + (starts[n] == 0 ? "" : "-" + starts[n]) + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        for (int n = 0; n < processes.length; n++) {
            alive.set(n, 0);
            PackagedService.stop(processes[n]);
        }
    }

    private static KeyPair signingKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
