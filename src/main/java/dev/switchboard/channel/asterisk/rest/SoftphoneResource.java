package dev.switchboard.channel.asterisk.rest;

import dev.switchboard.agent.PhoneKind;
import dev.switchboard.auth.Roles;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.service.AgentEndpoints;
import dev.switchboard.channel.asterisk.service.SoftphoneProvisioning;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the agent's phone needs to register with Asterisk: the console's WebRTC softphone, or a SIP phone. */
@Path("/api/agents/me/softphone")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Calls")
public class SoftphoneResource {

    /**
     * The phone's settings. {@code kind} WEBRTC: SIP over {@code wssUrl} with {@code iceServers} (DTLS-SRTP);
     * {@code registrar} is null. {@code kind} SIP: a desk phone or SIP application registers at {@code registrar}
     * (UDP, TCP or TLS as the URI says), sends DTMF as RFC 4733 events; {@code wssUrl} is null and
     * {@code iceServers} empty.
     */
    public record Softphone(PhoneKind kind, String wssUrl, String registrar, String sipUri, String username,
                            String password, String realm, String displayName, List<IceServer> iceServers,
                            List<String> codecs, String dtmfMode) {
    }

    /** An ICE server in the browser's RTCIceServer form. */
    public record IceServer(String urls, String username, String credential) {
    }

    private final AsteriskConfig config;
    private final SoftphoneProvisioning provisioning;
    private final AgentEndpoints endpoints;
    private final OutboundService outbound;
    private final SecurityIdentity identity;

    SoftphoneResource(AsteriskConfig config, SoftphoneProvisioning provisioning, AgentEndpoints endpoints,
                      OutboundService outbound, SecurityIdentity identity) {
        this.config = config;
        this.provisioning = provisioning;
        this.endpoints = endpoints;
        this.outbound = outbound;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The signed-in agent's phone settings", description = "The phone's kind (WEBRTC or SIP, from"
            + " the agent record), SIP URI, credentials, codecs; WSS URL and ICE servers for WEBRTC, the registrar for"
            + " SIP. The password is derived, not stored; Asterisk holds only its MD5 digest.")
    public Uni<Softphone> softphone() {
        if (!provisioning.active()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Softphones are not provisioned (telephony off, or"
                    + " switchboard.channels.asterisk.softphone.secret unset)");
        }
        return outbound.actor(identity).chain(actor -> {
            long agent = CallResource.agentOf(actor);
            return endpoints.endpoint(agent).chain(endpoint -> provisioning.kindOf(agent).map(kind -> {
                AsteriskConfig.Softphone s = config.softphone();
                PhoneKind k = kind == null ? PhoneKind.WEBRTC : kind;
                boolean webrtc = k == PhoneKind.WEBRTC;
                return new Softphone(k, webrtc ? s.wssUrl() : null,
                        webrtc ? null : s.sipRegistrar().orElse("sip:" + s.domain()),
                        "sip:" + endpoint + "@" + s.domain(), endpoint,
                        provisioning.password(endpoint), s.realm(), endpoints.name(agent),
                        webrtc ? s.iceServers().orElse(List.of()).stream().map(SoftphoneResource::ice).toList()
                                : List.of(),
                        provisioning.codecsOf(k), webrtc ? "auto" : "rfc4733");
            }));
        });
    }

    /** {@code turn:user:pass@host:3478} → urls turn:host:3478 with its credentials; stun URLs as they are. */
    public static IceServer ice(String url) {
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':');
        if (at < 0 || colon < 0 || colon > at) {
            return new IceServer(url, null, null);
        }
        String scheme = url.substring(0, colon);
        String[] credentials = url.substring(colon + 1, at).split(":", 2);
        return new IceServer(scheme + ":" + url.substring(at + 1), credentials[0],
                credentials.length > 1 ? credentials[1] : null);
    }
}
