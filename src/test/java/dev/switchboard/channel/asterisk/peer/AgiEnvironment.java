package dev.switchboard.channel.asterisk.peer;

import java.net.URI;
import java.util.List;

/** The agi_* block Asterisk 22 sends first on a FastAGI connection, in its order (see 01-inbound-answered). */
final class AgiEnvironment {

    private AgiEnvironment() {
    }

    static String block(PeerChannel c, String request, List<String> args) {
        String script = URI.create(request).getPath().replaceFirst("^/", "");
        StringBuilder env = new StringBuilder()
                .append("agi_network: yes\n")
                .append("agi_network_script: ").append(script).append('\n')
                .append("agi_request: ").append(request).append('\n')
                .append("agi_channel: ").append(c.name).append('\n')
                .append("agi_language: en\n")
                .append("agi_type: ").append(c.type()).append('\n')
                .append("agi_uniqueid: ").append(c.uniqueid).append('\n')
                .append("agi_version: 22.10.1\n")
                .append("agi_callerid: ").append(c.callerIdNum).append('\n')
                .append("agi_calleridname: ").append(c.callerIdName).append('\n')
                .append("agi_callingpres: 0\n")
                .append("agi_callingani2: 0\n")
                .append("agi_callington: 0\n")
                .append("agi_callingtns: 0\n")
                .append("agi_dnid: ").append(c.dnid.isEmpty() ? "unknown" : c.dnid).append('\n')
                .append("agi_rdnis: unknown\n")
                .append("agi_context: ").append(c.context).append('\n')
                .append("agi_extension: ").append(c.exten).append('\n')
                .append("agi_priority: ").append(c.priority).append('\n')
                .append("agi_enhanced: 0.0\n")
                .append("agi_accountcode: \n")
                .append("agi_threadid: ").append(Thread.currentThread().getId()).append('\n');
        for (int i = 0; i < args.size(); i++) {
            env.append("agi_arg_").append(i + 1).append(": ").append(args.get(i)).append('\n');
        }
        return env.append('\n').toString();
    }
}
