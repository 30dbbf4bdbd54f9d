package dev.switchboard.channel.asterisk.peer;

/** Channels created by an AMI Originate: into an application, or into a dialplan context. */
final class OriginateDialplan {

    private final CallModel model;

    OriginateDialplan(CallModel model) {
        this.model = model;
    }

    /** Originate of an endpoint into an application (async): the channel is answered and runs it. */
    PeerChannel application(String endpoint, String app, String data, PeerOriginate.CallerId cid) {
        synchronized (model) {
            PeerChannel c = model.create(endpoint, null);
            c.state = 6;
            c.callerIdNum = cid.num();
            c.callerIdName = cid.name();
            c.connectedNum = cid.num();
            c.connectedName = cid.name();
            c.context = "default";
            c.exten = "s";
            c.application = app;
            c.applicationData = data;
            model.emit(AmiEvents.newchannel(c));
            return c;
        }
    }

    /** Originate of an endpoint into a dialplan context. */
    PeerChannel exten(String endpoint, String context, String exten, int priority, PeerOriginate.CallerId cid) {
        synchronized (model) {
            PeerChannel c = model.create(endpoint, null);
            c.state = 0;
            c.callerIdNum = cid.num();
            c.callerIdName = cid.name();
            c.context = context;
            c.exten = exten;
            model.emit(AmiEvents.newchannel(c));
            c.state = 6;
            model.emit(AmiEvents.newstate(c));
            model.step(c, context, exten, priority, "NoOp", "");
            return c;
        }
    }
}
