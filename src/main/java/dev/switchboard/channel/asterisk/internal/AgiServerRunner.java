package dev.switchboard.channel.asterisk.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.jboss.logging.Logger;

/**
 * The FastAGI server on its own thread: maps the script name of {@code agi://host:port/<name>} to a
 * script. An unknown name gets no script, so asterisk-java answers it as AGI does and the dialplan
 * sees {@code AGISTATUS=FAILURE}.
 */
public final class AgiServerRunner {

    private static final Logger LOG = Logger.getLogger(AgiServerRunner.class);

    private final DefaultAgiServer server;
    private final int port;
    private volatile boolean listening;
    private volatile String error;

    public AgiServerRunner(String bindAddress, int port, int poolSize, Map<String, AgiScript> scripts) throws IOException {
        MappingStrategy mapping = (request, channel) -> scripts.get(scriptName(request.getScript()));
        this.server = new DefaultAgiServer(mapping);
        this.port = port;
        server.setPort(port);
        server.setAddress(InetAddress.getByName(bindAddress));
        server.setPoolSize(Math.min(poolSize, 4));
        server.setMaximumPoolSize(poolSize);
    }

    /** Starts listening on a new thread; a port in use is logged and reported by {@link #error()}. */
    public void start() {
        Thread t = new Thread(() -> {
            try {
                listening = true;
                server.startup();
            } catch (IOException | IllegalStateException e) {
                error = e.getMessage();
                LOG.errorf("FastAGI server could not listen on port %d: %s", port, e.getMessage());
            } finally {
                listening = false;
            }
        }, "fastagi-server");
        t.setDaemon(true);
        t.start();
    }

    public void stop() {
        try {
            server.shutdown();
        } catch (IllegalStateException e) {
            LOG.debugf("FastAGI server was not running: %s", e.getMessage());
        }
    }

    public boolean listening() {
        return listening && error == null;
    }

    public String error() {
        return error;
    }

    /** {@code inbound} from {@code /inbound}, {@code inbound?x=1} or {@code inbound}. */
    static String scriptName(String script) {
        if (script == null) {
            return "";
        }
        String s = script.startsWith("/") ? script.substring(1) : script;
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }
}
