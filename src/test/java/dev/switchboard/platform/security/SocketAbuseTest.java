package dev.switchboard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.Sockets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a hostile socket client gets, and what it leaves in the log: a close code and one line, never a stack. */
@QuarkusTest
class SocketAbuseTest {

    @TestHTTPResource("/")
    URI base;

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        LogManager.getLogManager().getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        LogManager.getLogManager().getLogger("").removeHandler(capture);
    }

    @Test
    void aFrameOverTheLimitEndsTheSocketWithOneLogLineAndNoStack() throws Exception {
        // A plain TCP client, so that only the server's log lines are captured.
        int closeCode;
        try (Socket tcp = new Socket(base.getHost(), base.getPort())) {
            tcp.setSoTimeout(10_000);
            OutputStream out = tcp.getOutputStream();
            out.write(("GET /ws/chat/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            byte[] payload = new byte[300 * 1024];
            Arrays.fill(payload, (byte) 'x');
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(new byte[] {(byte) 0x81, (byte) (0x80 | 127)});
            frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
            frame.write(new byte[] {0, 0, 0, 0}); // mask of zeros: the payload goes as it is
            frame.write(payload);
            try {
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException e) {
                // The server may drop the connection while the frame is still on its way.
            }
            closeCode = closeCode(in);
        }
        // Vert.x drops the connection when its frame decoder refuses the frame, before a close frame can go.
        assertThat(closeCode).isIn(-1, 1009);
        Thread.sleep(300);
        dump();
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        assertThat(records).noneMatch(r -> r.getThrown() != null);
        assertThat(records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()))
                .singleElement().satisfies(r -> assertThat(r.getMessage()).startsWith("Dropped socket"));
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** The code of the server's close frame, or -1 when the connection ended without one. */
    private static int closeCode(DataInputStream in) {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] body = new byte[(int) length];
                in.readFully(body);
                if ((first & 0x0f) == 0x8) {
                    return body.length >= 2 ? ((body[0] & 0xff) << 8) | (body[1] & 0xff) : 1005;
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void refusedUpgradesLogOneWarningAtMostAndNoStack() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(Sockets.upgradeStatus(base, "/ws/supervisor", "not.a.token")).isEqualTo(401);
            assertThat(Sockets.upgradeStatus(base, "/ws/agent", null)).isEqualTo(401);
        }
        Thread.sleep(300);
        dump();
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        assertThat(records).noneMatch(r -> r.getThrown() != null);
        assertThat(records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).count())
                .isLessThanOrEqualTo(1);
    }

    private void dump() {
        records.forEach(r -> System.err.println("CAPTURED " + r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage()
                + (r.getThrown() == null ? "" : " thrown " + r.getThrown())));
    }
}
