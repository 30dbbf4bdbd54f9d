package dev.switchboard.channel.asterisk.peer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.ManagerEvent;

/** asterisk-java connections to a peer, with every event they dispatch collected for assertions. */
final class ManagerClients {

    private ManagerClients() {
    }

    record Client(ManagerConnection connection, List<ManagerEvent> events) {
        <T extends ManagerEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static Client loggedIn(AmiPeer peer) throws Exception {
        ManagerConnection connection =
                new ManagerConnectionFactory("127.0.0.1", peer.port(), "ccapp", "ccapp-secret").createManagerConnection();
        List<ManagerEvent> events = new CopyOnWriteArrayList<>();
        connection.addEventListener(events::add);
        connection.login();
        return new Client(connection, events);
    }
}
