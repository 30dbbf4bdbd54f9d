package dev.switchboard.channel.asterisk.peer;

/** Channels created by an AMI Originate: into an application, or rung and then sent into a dialplan context. */
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

    /** Rings the endpoint's device through the dial API (DialBegin without a Channel block, 06), then the dialplan. */
    void exten(String endpoint, String context, String exten, int priority, int timeoutSeconds, PeerOriginate.Leg leg,
            PeerOriginate originate, String channelId) {
        synchronized (model) {
            String device = endpoint.substring(endpoint.indexOf('/') + 1);
            // Originate's ChannelId becomes the new channel's uniqueid (and so the call's linkedid); not in a recording.
            model.requestedUniqueid = channelId;
            model.dialing.ring(null, endpoint, device, device, "AppDial2", timeoutSeconds, leg, new DialOutcome() {
                @Override
                public void beforeDialEnd(PeerChannel c) {
                    if (!"sb-spy".equals(context)) {
                        originate.answered(c);
                    }
                }

                @Override
                public void answered(PeerChannel c) {
                    if ("sb-spy".equals(context)) {
                        // 08: here the OriginateResponse came after the dialplan reached ChanSpy
                        model.spy.enter(c, exten);
                        originate.answered(c);
                        model.spy.start(c, exten);
                    } else {
                        run(c, context, exten, priority);
                    }
                }

                @Override
                public void notAnswered(String dialStatus) {
                    originate.failed(dialStatus);
                }
            });
            model.requestedUniqueid = null;
        }
    }

    /** The answered channel enters the context: sb-outbound and sb-spy as in the lab; anything else just a NoOp. */
    private void run(PeerChannel c, String context, String exten, int priority) {
        switch (context) {
            case "sb-outbound" -> {
                model.step(c, context, exten, 1, "NoOp",
                        "SB click-to-call agent=" + c.callerIdNum + " customer=" + exten);
                model.step(c, context, exten, 2, "Dial", OutboundDialplan.dialData(exten));
                model.outbound.ringCustomer(c, exten);
            }
            case "sb-fax-out" -> model.fax.send(c);
            default -> model.step(c, context, exten, priority, "NoOp", "");
        }
    }
}
