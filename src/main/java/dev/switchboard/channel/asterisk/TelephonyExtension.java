package dev.switchboard.channel.asterisk;

import dev.switchboard.channel.asterisk.internal.CallEvent;
import java.util.Map;
import org.asteriskjava.fastagi.AgiScript;

/**
 * What another channel adds to the Asterisk adapter (the fax channel: its AGI scripts and the results of
 * its Originates), so the adapter does not depend on it. One bean per channel.
 */
public interface TelephonyExtension {

    /** FastAGI scripts by name ({@code agi://host:port/<name>}). */
    Map<String, AgiScript> scripts();

    /** An AMI event, on the AMI reader thread: must not block. */
    void event(CallEvent event);
}
