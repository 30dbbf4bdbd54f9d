package dev.switchboard.channel.asterisk.internal;

import java.util.List;
import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * asterisk-java 3.41's beans for a few events lack fields Asterisk 20/22 sends, and its event builder
 * logs a WARN for every such field of every event: {@code TechCause} of HangupRequest, SoftHangupRequest
 * and Hangup (several per call), and the channel snapshot ({@code Uniqueid}, {@code Linkedid},
 * {@code Language}, {@code AccountCode}) of SendFAX and ReceiveFAX. These subclasses know the fields and
 * replace the built-in classes for those events on each connection, so the warnings stop at their source
 * while any other unknown field still warns. Code that tests for the built-in class still matches.
 */
public final class AmiEventClasses {

    /** The classes registered on every AMI connection. */
    public static final List<Class<? extends ManagerEvent>> ALL = List.of(HangupRequest.class,
            SoftHangupRequest.class, Hangup.class, SendFax.class, ReceiveFax.class);

    private AmiEventClasses() {
    }

    /** Registers the classes with the connection's event builder (before login: the reader uses them at once). */
    public static void register(ManagerConnection connection) {
        for (Class<? extends ManagerEvent> type : ALL) {
            connection.registerUserEventClass(type);
        }
    }

    /** HangupRequest with the technology's cause (e.g. the SIP status, 486). */
    @AsteriskMapping("HangupRequest")
    public static class HangupRequest extends org.asteriskjava.manager.event.HangupRequestEvent {
        private static final long serialVersionUID = 1L;
        private Integer techCause;

        public HangupRequest(Object source) {
            super(source);
        }

        public Integer getTechCause() {
            return techCause;
        }

        public void setTechCause(Integer techCause) {
            this.techCause = techCause;
        }
    }

    /** SoftHangupRequest with the technology's cause. */
    @AsteriskMapping("SoftHangupRequest")
    public static class SoftHangupRequest extends org.asteriskjava.manager.event.SoftHangupRequestEvent {
        private static final long serialVersionUID = 1L;
        private Integer techCause;

        public SoftHangupRequest(Object source) {
            super(source);
        }

        public Integer getTechCause() {
            return techCause;
        }

        public void setTechCause(Integer techCause) {
            this.techCause = techCause;
        }
    }

    /** Hangup with the technology's cause. */
    @AsteriskMapping("Hangup")
    public static class Hangup extends org.asteriskjava.manager.event.HangupEvent {
        private static final long serialVersionUID = 1L;
        private Integer techCause;

        public Hangup(Object source) {
            super(source);
        }

        public Integer getTechCause() {
            return techCause;
        }

        public void setTechCause(Integer techCause) {
            this.techCause = techCause;
        }
    }

    /** SendFAX with the channel snapshot Asterisk puts on every channel event. */
    @AsteriskMapping("SendFAX")
    public static class SendFax extends org.asteriskjava.manager.event.SendFaxEvent {
        private static final long serialVersionUID = 1L;
        private String uniqueId;
        private String linkedId;
        private String language;
        private String accountCode;

        public SendFax(Object source) {
            super(source);
        }

        public String getUniqueId() {
            return uniqueId;
        }

        public void setUniqueId(String uniqueId) {
            this.uniqueId = uniqueId;
        }

        public String getLinkedId() {
            return linkedId;
        }

        public void setLinkedId(String linkedId) {
            this.linkedId = linkedId;
        }

        public String getLanguage() {
            return language;
        }

        public void setLanguage(String language) {
            this.language = language;
        }

        public String getAccountCode() {
            return accountCode;
        }

        public void setAccountCode(String accountCode) {
            this.accountCode = accountCode;
        }
    }

    /** ReceiveFAX with the channel snapshot Asterisk puts on every channel event. */
    @AsteriskMapping("ReceiveFAX")
    public static class ReceiveFax extends org.asteriskjava.manager.event.ReceiveFaxEvent {
        private static final long serialVersionUID = 1L;
        private String uniqueId;
        private String linkedId;
        private String language;
        private String accountCode;

        public ReceiveFax(Object source) {
            super(source);
        }

        public String getUniqueId() {
            return uniqueId;
        }

        public void setUniqueId(String uniqueId) {
            this.uniqueId = uniqueId;
        }

        public String getLinkedId() {
            return linkedId;
        }

        public void setLinkedId(String linkedId) {
            this.linkedId = linkedId;
        }

        public String getLanguage() {
            return language;
        }

        public void setLanguage(String language) {
            this.language = language;
        }

        public String getAccountCode() {
            return accountCode;
        }

        public void setAccountCode(String accountCode) {
            this.accountCode = accountCode;
        }
    }
}
