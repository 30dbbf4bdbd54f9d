package dev.switchboard.channel.chat.service;

import dev.switchboard.channel.InboundContact;
import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.service.InteractionService;
import dev.switchboard.servicerequest.ServiceRequestType;
import dev.switchboard.servicerequest.service.ServiceRequestService;
import dev.switchboard.servicerequest.service.ServiceRequestService.NewServiceRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The widget's offline form: when nobody is on shift the customer's message becomes a service
 * request, answered later by email or phone, with the message kept as its chat touchpoint.
 */
@ApplicationScoped
public class OfflineService {

    private static final String EMPLOYEE = "switchboard";

    private final ContactIngestService ingest;
    private final ServiceRequestService requests;
    private final InteractionService interactions;
    private final ContactPointNormalizer normalizer;

    OfflineService(ContactIngestService ingest, ServiceRequestService requests, InteractionService interactions,
                   ContactPointNormalizer normalizer) {
        this.ingest = ingest;
        this.requests = requests;
        this.interactions = interactions;
        this.normalizer = normalizer;
    }

    /** Stores the message, opens the service request and answers its id. */
    public Uni<Long> leave(String name, String phone, String email, String message, Long queueId) {
        boolean byPhone = phone != null && !phone.isBlank();
        ContactPointType type = byPhone ? ContactPointType.PHONE : ContactPointType.EMAIL;
        String value = normalizer.normalize(type, byPhone ? phone : email, byPhone ? "phone" : "email");
        InboundContact contact = InboundContact.of(Channel.CHAT, type, value).joinOpen(false).content(message)
                .name(name == null || name.isBlank() ? null : name.strip())
                .data(Map.of("offlineForm", true, "answerBy", byPhone && (email == null || email.isBlank())
                        ? "phone" : "email", "queueId", queueId == null ? "" : queueId.toString()))
                .build();
        return ingest.ingest(contact).flatMap(r -> requests.open(new NewServiceRequest(r.customerId(),
                        ServiceRequestType.ENQUIRY, "Chat message left offline", message, null, null, null))
                .call(sr -> interactions.linkServiceRequest(r.interactionId(), sr.id, EMPLOYEE))
                .call(sr -> interactions.closeAsService(r.interactionId(), "offline-form", EMPLOYEE))
                .map(sr -> sr.id));
    }
}
