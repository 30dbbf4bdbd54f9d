package dev.switchboard.channel.sms.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsKeyword;
import dev.switchboard.channel.sms.repository.SmsRepository;
import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.interaction.NewTouchpoint;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.interaction.service.TouchpointWriter;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * STOP and START: a keyword message changes the sender's SMS consent and is recorded as a
 * touchpoint of the customer, outside any interaction (a keyword is not work for an agent).
 */
@ApplicationScoped
public class SmsConsentService {

    /**
     * What a keyword message did.
     *
     * @param changed whether the consent flag changed (a second STOP changes nothing, but is still answered)
     * @param created false when this message id was handled before: nothing was written this time
     */
    public record KeywordResult(long customerId, long touchpointId, boolean smsOptOut, boolean changed,
                                long confirmationTouchpointId, String confirmation, boolean created) {
    }

    private final SmsRepository sms;
    private final CustomerRepository customers;
    private final TouchpointWriter touchpoints;
    private final ObjectMapper json;
    private final SmsConfig config;

    SmsConsentService(SmsRepository sms, CustomerRepository customers, TouchpointWriter touchpoints, ObjectMapper json,
                      SmsConfig config) {
        this.config = config;
        this.sms = sms;
        this.customers = customers;
        this.touchpoints = touchpoints;
        this.json = json;
    }

    /**
     * Applies a keyword from a phone number (E.164), once per Kannel message id.
     *
     * @param ourNumber the number the customer wrote to (the touchpoint's place)
     */
    @WithTransaction
    public Uni<KeywordResult> apply(String messageId, String phone, String ourNumber, SmsKeyword keyword, String text) {
        String key = "SMS:" + messageId;
        return sms.claim(key).chain(fresh -> fresh ? record(key, messageId, phone, ourNumber, keyword, text)
                : repeat(key));
    }

    private Uni<KeywordResult> record(String key, String messageId, String phone, String ourNumber, SmsKeyword keyword,
                                      String text) {
        boolean optOut = keyword == SmsKeyword.STOP;
        return sms.customerOfPhone(phone)
                .chain(customerId -> customers.lock(customerId))
                .chain(customer -> {
                    boolean changed = customer.smsOptOut != optOut;
                    customer.smsOptOut = optOut;
                    customer.updatedAt = OffsetDateTime.now();
                    customer.lastContactAt = customer.updatedAt;
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("keyword", keyword.name());
                    data.put("smsOptOut", optOut);
                    data.put("changed", changed);
                    data.put("messageId", messageId);
                    data.put("from", phone);
                    String confirmation = optOut ? config.confirmations().stop() : config.confirmations().start();
                    // The confirmation is recorded with the keyword, in the same transaction, so a repeat of
                    // the callback neither answers twice nor leaves a keyword without its answer.
                    return touchpoints.append(new NewTouchpoint(customer.id, null, TouchpointKind.MESSAGE_IN, Channel.SMS,
                                    Direction.INBOUND, ourNumber, null, null, text, optOut ? "opted-out" : "opted-in", data))
                            .chain(tp -> touchpoints.append(new NewTouchpoint(customer.id, null, TouchpointKind.MESSAGE_OUT,
                                            Channel.SMS, Direction.OUTBOUND, ourNumber, null, null, confirmation, "QUEUED",
                                            Map.of("confirmation", keyword.name(), "to", phone,
                                                    "keywordTouchpointId", tp)))
                                    .map(out -> new KeywordResult(customer.id, tp, optOut, changed, out, confirmation,
                                            true)));
                })
                .call(result -> sms.result(key, write(result)));
    }

    private Uni<KeywordResult> repeat(String key) {
        return sms.storedResult(key).map(stored -> {
                    KeywordResult first = read(stored);
                    return new KeywordResult(first.customerId(), first.touchpointId(), first.smsOptOut(), first.changed(),
                            first.confirmationTouchpointId(), first.confirmation(), false);
                });
    }

    private String write(KeywordResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KeywordResult read(String stored) {
        try {
            return json.readValue(stored, KeywordResult.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
