package dev.switchboard.channel.asterisk.peer;

import java.net.Socket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Security events (res_security_log style) with the transcripts' field order. */
final class AmiSecurityEvents {

    private static final DateTimeFormatter TV = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private AmiSecurityEvents() {
    }

    static AmiFrame successfulAuth(String account, Socket socket) {
        String tv = OffsetDateTime.now(ZoneOffset.UTC).format(TV);
        return AmiEvents.header("SuccessfulAuth", "security,all")
                .add("EventTV", tv)
                .add("Severity", "Informational")
                .add("Service", "AMI")
                .add("EventVersion", "1")
                .add("AccountID", account)
                .add("SessionID", "0x" + Integer.toHexString(System.identityHashCode(socket)))
                .add("LocalAddress", "IPV4/TCP/" + socket.getLocalAddress().getHostAddress() + "/" + socket.getLocalPort())
                .add("RemoteAddress", "IPV4/TCP/" + socket.getInetAddress().getHostAddress() + "/" + socket.getPort())
                .add("UsingPassword", "0")
                .add("SessionTV", tv);
    }
}
