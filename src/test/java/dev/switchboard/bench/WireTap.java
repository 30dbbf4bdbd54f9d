package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * A TCP relay on 127.0.0.1 between a client and a server that notes when each line crosses it: the
 * offer benchmark puts one between the service and the peer's AMI port, and one between the peer's
 * FastAGI client and the service's FastAGI port, so that every step of a call has a wire time. Bytes
 * are passed on as they are read (no buffering, TCP_NODELAY), and the time of a line is the time the
 * read that completed it returned; the listener hears of it before the bytes are passed on, so an
 * answer never reaches the listener before what it answers.
 */
final class WireTap implements AutoCloseable {

    /** What the tap reports; called on the relay's threads, one thread per direction of a connection. */
    interface Listener {
        /** A client connected (before the relay's own connection to the server is made). */
        default void opened(Link link, long nanos) {
        }

        /** A whole line (without CR/LF); {@code fromClient} tells the direction. */
        void line(Link link, boolean fromClient, String line, long nanos);

        /** One side closed its sending half ({@code byClient}: the client did). */
        default void closed(Link link, boolean byClient, long nanos) {
        }
    }

    /** One relayed connection; {@code attachment} is the listener's own state for it. */
    static final class Link {
        final int id;
        final long openedAt;
        volatile Object attachment;

        Link(int id, long openedAt) {
            this.id = id;
            this.openedAt = openedAt;
        }
    }

    private static final Logger LOG = Logger.getLogger(WireTap.class);

    private final String name;
    private final ServerSocket server;
    private final int targetPort;
    private final Listener listener;
    private final AtomicInteger links = new AtomicInteger();

    WireTap(String name, int targetPort, Listener listener) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.listener = listener;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        Thread acceptor = new Thread(this::accept, "tap-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                long now = System.nanoTime();
                client.setTcpNoDelay(true);
                Link link = new Link(links.incrementAndGet(), now);
                listener.opened(link, now);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                upstream.setTcpNoDelay(true);
                start(link, client, upstream, true);
                start(link, upstream, client, false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debugf("tap %s: %s", name, e.getMessage());
                }
            }
        }
    }

    private void start(Link link, Socket from, Socket to, boolean fromClient) {
        Thread pump = new Thread(() -> pump(link, from, to, fromClient),
                "tap-" + name + "-" + link.id + (fromClient ? "-up" : "-down"));
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(Link link, Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16384];
        StringBuilder partial = new StringBuilder();
        try (from) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long now = System.nanoTime();
                // Noted before it is passed on: the answer to these bytes must not overtake them in the listener.
                split(link, fromClient, partial, new String(buffer, 0, n, StandardCharsets.UTF_8), now);
                out.write(buffer, 0, n);
            }
            listener.closed(link, fromClient, System.nanoTime());
        } catch (IOException e) {
            listener.closed(link, fromClient, System.nanoTime());
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException alreadyClosed) {
                // the other direction closed it
            }
        }
    }

    /** Hands on every whole line of the chunk; keeps a partial last line for the next read. */
    private void split(Link link, boolean fromClient, StringBuilder partial, String chunk, long now) {
        int start = 0;
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.charAt(i) == '\n') {
                partial.append(chunk, start, i);
                int end = partial.length();
                if (end > 0 && partial.charAt(end - 1) == '\r') {
                    partial.setLength(end - 1);
                }
                listener.line(link, fromClient, partial.toString(), now);
                partial.setLength(0);
                start = i + 1;
            }
        }
        partial.append(chunk, start, chunk.length());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
