package dev.switchboard.channel.asterisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.SendFaxEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * asterisk-java's event builder fed with the fields of events as Asterisk 22 sends them (the lab's
 * recordings: 14-agent-busy for TechCause, 10-fax-receive for the fax event's channel snapshot): with the
 * adapter's classes registered the events parse without "Unable to set property" warnings; with the
 * built-in classes alone the same frames warn (so the check can fail).
 */
class AmiEventClassesTest {

    /** The logger asterisk-java's EventAttributesHelper writes the warnings to. */
    private static final String HELPER = "org.asteriskjava.manager.util.EventAttributesHelper";

    private final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(HELPER).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(HELPER).removeHandler(capture);
    }

    @Test
    void hangupEventsWithTechCauseAndFaxEventsWithTheChannelSnapshotParseWithoutWarnings() throws Exception {
        Object builder = builder(true);
        ManagerEvent request = build(builder, channelEvent("HangupRequest", "Cause", "17", "TechCause", "486"));
        assertThat(request).isInstanceOf(HangupRequestEvent.class).isInstanceOf(AmiEventClasses.HangupRequest.class);
        assertThat(((AmiEventClasses.HangupRequest) request).getTechCause()).isEqualTo(486);
        assertThat(((HangupRequestEvent) request).getCause()).isEqualTo(17);
        assertThat(((HangupRequestEvent) request).getLinkedId()).isEqualTo("1795714558.11");

        ManagerEvent soft = build(builder, channelEvent("SoftHangupRequest", "Cause", "17", "TechCause", "486"));
        assertThat(((AmiEventClasses.SoftHangupRequest) soft).getTechCause()).isEqualTo(486);

        ManagerEvent hangup = build(builder, channelEvent("Hangup", "Cause", "17", "Cause-txt", "User busy",
                "TechCause", "486"));
        assertThat(hangup).isInstanceOf(HangupEvent.class);
        assertThat(((HangupEvent) hangup).getCauseTxt()).isEqualTo("User busy");
        assertThat(((AmiEventClasses.Hangup) hangup).getTechCause()).isEqualTo(486);

        ManagerEvent fax = build(builder, channelEvent("SendFAX", "LocalStationID", "SB-FAX", "RemoteStationID",
                "+4930555999", "PagesTransferred", "1", "Resolution", "8031x7700", "TransferRate", "14400",
                "FileName", "/var/spool/asterisk/fax/switchboard/out-1.tif"));
        assertThat(fax).isInstanceOf(SendFaxEvent.class);
        assertThat(((AmiEventClasses.SendFax) fax).getLinkedId()).isEqualTo("1795714558.11");
        assertThat(((SendFaxEvent) fax).getRemoteStationId()).isEqualTo("+4930555999");

        ManagerEvent received = build(builder, channelEvent("ReceiveFAX", "LocalStationID", "SB-FAX-IN",
                "RemoteStationID", "+4930555999", "PagesTransferred", "1", "Resolution", "8031x7700",
                "TransferRate", "14400", "FileName", "/var/spool/asterisk/fax/in/sb-1.tif"));
        assertThat(((AmiEventClasses.ReceiveFax) received).getUniqueId()).isEqualTo("1795714558.12");

        assertThat(warnings).isEmpty();
    }

    @Test
    void withTheBuiltInClassesTheSameFramesWarnAndAnUnknownFieldStillWarns() throws Exception {
        Object plain = builder(false);
        build(plain, channelEvent("HangupRequest", "Cause", "17", "TechCause", "486"));
        build(plain, channelEvent("SendFAX", "LocalStationID", "SB-FAX"));
        assertThat(warnings).anyMatch(w -> w.contains("techcause"))
                .anyMatch(w -> w.contains("linkedid")).anyMatch(w -> w.contains("accountcode"));

        warnings.clear();
        // Only the fields Asterisk is known to send are silenced: a new one is still reported.
        build(builder(true), channelEvent("HangupRequest", "Cause", "17", "SomethingNew", "x"));
        assertThat(warnings).anyMatch(w -> w.contains("somethingnew"));
    }

    /** asterisk-java's own EventBuilderImpl (package-private), with or without the adapter's classes. */
    private static Object builder(boolean adapterClasses) throws Exception {
        Class<?> type = Class.forName("org.asteriskjava.manager.internal.EventBuilderImpl");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object builder = constructor.newInstance();
        if (adapterClasses) {
            Method register = type.getMethod("registerEventClass", Class.class);
            register.setAccessible(true);
            for (Class<? extends ManagerEvent> c : AmiEventClasses.ALL) {
                register.invoke(builder, c);
            }
        }
        return builder;
    }

    private static ManagerEvent build(Object builder, Map<String, Object> attributes) throws Exception {
        Method build = builder.getClass().getMethod("buildEvent", Object.class, Map.class);
        build.setAccessible(true);
        return (ManagerEvent) build.invoke(builder, new Object(), attributes);
    }

    /** An event's fields as the reader hands them over (names lower-cased), with Asterisk's channel snapshot. */
    private static Map<String, Object> channelEvent(String event, String... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("privilege", "call,all");
        m.put("channel", "PJSIP/6001-00000004");
        m.put("channelstate", "6");
        m.put("channelstatedesc", "Up");
        m.put("calleridnum", "6001");
        m.put("calleridname", "<unknown>");
        m.put("connectedlinenum", "+4930123456");
        m.put("connectedlinename", "Customer");
        m.put("language", "en");
        m.put("accountcode", "");
        m.put("context", "sb-agent");
        m.put("exten", "6001");
        m.put("priority", "1");
        m.put("uniqueid", "1795714558.12");
        m.put("linkedid", "1795714558.11");
        for (int i = 0; i < fields.length; i += 2) {
            m.put(fields[i].toLowerCase(java.util.Locale.ROOT), fields[i + 1]);
        }
        return m;
    }
}
