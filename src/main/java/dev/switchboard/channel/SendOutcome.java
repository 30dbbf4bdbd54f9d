package dev.switchboard.channel;

/** What the gateway made of one attempt to send. */
public sealed interface SendOutcome {

    /** Accepted by the gateway; {@code gatewayRef} is its id for the message, or null. */
    record Sent(String gatewayRef) implements SendOutcome {
    }

    /** Not accepted this time (gateway down, temporary refusal); try again later. */
    record Retry(String reason) implements SendOutcome {
    }

    /** Refused for good (invalid address, rejected content). */
    record Failed(String reason) implements SendOutcome {
    }

    static SendOutcome sent(String gatewayRef) {
        return new Sent(gatewayRef);
    }

    static SendOutcome retry(String reason) {
        return new Retry(reason);
    }

    static SendOutcome failed(String reason) {
        return new Failed(reason);
    }
}
