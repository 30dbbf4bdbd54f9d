package dev.switchboard.platform.security;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A frame the WebSocket layer refuses (above quarkus.websockets-next.server.max-frame-size, or not
 * valid) is the client's fault and worth one log line, not an ERROR stack. A global error handler of
 * every server endpoint (agent, supervisor, chat). Vert.x drops the connection as soon as its frame
 * decoder fails, before this handler runs, so no close frame can be sent any more: the client sees
 * the connection end (1006 in a browser).
 */
@ApplicationScoped
public class OversizedFrames {

    private static final Logger LOG = Logger.getLogger(OversizedFrames.class);

    @OnError
    public void refused(CorruptedWebSocketFrameException e, WebSocketConnection connection) {
        int code = e.closeStatus() == null ? 1002 : e.closeStatus().code();
        LOG.infof("Dropped socket %s from %s: %s (%d)", connection.handshakeRequest().path(),
                connection.handshakeRequest().remoteAddress(), e.getMessage(), code);
    }
}
