package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsKeyword;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers STOP and START with the configured confirmation, even to a customer who just opted out. */
@ApplicationScoped
public class SmsConfirmations {

    private final SmsConfig config;

    SmsConfirmations(SmsConfig config) {
        this.config = config;
    }

    /** Queues the confirmation of a keyword that was just applied. */
    public Uni<Void> confirm(SmsConsentService.KeywordResult result, String phone, String ourNumber, SmsKeyword keyword) {
        // Wired to the outbound queue once the channel port lands.
        return Uni.createFrom().voidItem();
    }
}
