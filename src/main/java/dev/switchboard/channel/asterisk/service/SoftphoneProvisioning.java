package dev.switchboard.channel.asterisk.service;

import dev.switchboard.agent.Agent;
import dev.switchboard.agent.AgentHook;
import dev.switchboard.agent.PhoneKind;
import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Keeps Asterisk's realtime PJSIP tables ({@code ps_endpoints}, {@code ps_auths}, {@code ps_aors}) equal
 * to the agent records: one endpoint per agent, of the kind its record says (the console's WebRTC
 * softphone, or a SIP phone), written in the transaction that changes the agent, so provisioning a phone
 * needs no file edit and no reload. The service owns these tables:
 * at start, rows of no agent are removed. Passwords are not stored: each is an HMAC of the endpoint id under
 * {@code softphone.secret}, and Asterisk gets only {@code md5(username:realm:password)}.
 */
@ApplicationScoped
public class SoftphoneProvisioning implements AgentHook {

    private static final Logger LOG = Logger.getLogger(SoftphoneProvisioning.class);

    private static final List<String> TABLES = List.of("ps_endpoints", "ps_auths", "ps_aors");

    private final AsteriskConfig config;
    private final AgentEndpoints endpoints;
    private final CallEventLoop loop;
    private final CallRepository repository;

    SoftphoneProvisioning(AsteriskConfig config, AgentEndpoints endpoints, CallEventLoop loop,
                          CallRepository repository) {
        this.loop = loop;
        this.repository = repository;
        this.config = config;
        this.endpoints = endpoints;
    }

    void onStart(@Observes StartupEvent event) {
        if (active()) {
            String configured = config.softphone().codecs();
            if (!config.softphone().codecOpus() && List.of(configured.split(",")).stream()
                    .anyMatch(c -> c.strip().equalsIgnoreCase("opus"))) {
                LOG.warnf("Telephony: softphone.codecs names opus but softphone.codec-opus is false (no codec_opus in"
                        + " Asterisk): opus is left out, endpoints get %s", codecs(configured, false, PhoneKind.WEBRTC));
            }
            // Off the startup thread, which has no Vert.x context; a failure is logged by the loop.
            loop.submit("softphone provisioning", () -> Panache.withTransaction(this::syncAll)
                    .invoke(() -> LOG.debug("Softphone endpoints written for every agent")));
        }
    }

    /** Whether provisioning is on and has a secret to derive passwords from. */
    public boolean active() {
        return config.enabled() && config.softphone().provision() && config.softphone().secret().isPresent();
    }

    @Override
    public Uni<Void> agentSaved(Agent agent, String previousSipEndpoint, boolean created) {
        if (!active()) {
            return Uni.createFrom().voidItem();
        }
        String id = endpoints.endpointOf(agent.id, agent.sipEndpoint);
        String before = created ? id : endpoints.endpointOf(agent.id, previousSipEndpoint);
        return upsert(id, agent.phoneKind).chain(() -> before.equals(id) ? Uni.createFrom().voidItem() : remove(List.of(before)));
    }

    @Override
    public Uni<Void> agentDeleted(Agent agent) {
        return active() ? remove(List.of(endpoints.endpointOf(agent.id, agent.sipEndpoint))) : Uni.createFrom().voidItem();
    }

    /** Writes every agent's endpoint and removes rows of no agent (at start: settings may have changed). */
    Uni<Void> syncAll() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id, sip_endpoint, phone_kind from agent order by id", Object[].class).getResultList())
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    List<String> ids = new java.util.ArrayList<>();
                    for (Object[] row : rows) {
                        String id = endpoints.endpointOf(((Number) row[0]).longValue(), (String) row[1]);
                        PhoneKind kind = PhoneKind.valueOf((String) row[2]);
                        ids.add(id);
                        all = all.chain(() -> upsert(id, kind));
                    }
                    return all.chain(() -> removeOthers(ids));
                });
    }

    /** What the agent's phone is; null when there is no such agent. */
    public Uni<PhoneKind> kindOf(long agentId) {
        return repository.agentPhoneKind(agentId);
    }

    /** The codecs an endpoint of this kind is provisioned with. */
    public List<String> codecsOf(PhoneKind kind) {
        return List.of(codecs(config.softphone().codecs(), config.softphone().codecOpus(), kind).split(","));
    }

    /** The SIP password of an endpoint. */
    public String password(String endpointId) {
        String secret = config.softphone().secret().orElseThrow();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("pjsip:" + endpointId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code md5(username:realm:password)}, as Asterisk's auth_type md5 wants it. */
    static String md5Credential(String username, String realm, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /**
     * The codecs of an endpoint: the configured ones, opus only when Asterisk has codec_opus (first for
     * WebRTC, where browsers prefer it); G.711 when nothing else is left.
     */
    public static String codecs(String configured, boolean codecOpus, PhoneKind kind) {
        java.util.LinkedHashSet<String> codecs = new java.util.LinkedHashSet<>();
        if (codecOpus && kind == PhoneKind.WEBRTC) {
            codecs.add("opus");
        }
        for (String codec : configured.split(",")) {
            String c = codec.strip().toLowerCase(java.util.Locale.ROOT);
            if (!c.isEmpty() && (codecOpus || !c.equals("opus"))) {
                codecs.add(c);
            }
        }
        return codecs.isEmpty() ? "ulaw,alaw" : String.join(",", codecs);
    }

    /** The endpoint's PJSIP settings that depend on the phone: WebRTC's are implied by webrtc=yes. */
    private record Media(String transport, String webrtc, String dtmfMode, String encryption, String ice,
                         String avpf, String rtcpMux) {
        static Media of(AsteriskConfig.Softphone s, PhoneKind kind) {
            return kind == PhoneKind.SIP
                    ? new Media(s.sipTransport(), "no", "rfc4733", "no", "no", "no", "no")
                    // webrtc=yes sets use_avpf, media_encryption=dtls, ice_support, rtcp_mux and the DTLS
                    // settings; auto DTMF takes the browser's RFC 4733 events.
                    : new Media(s.transport(), "yes", "auto", null, null, null, null);
        }
    }

    private Uni<Void> upsert(String id, PhoneKind kind) {
        AsteriskConfig.Softphone s = config.softphone();
        String md5 = md5Credential(id, s.realm(), password(id));
        Media media = Media.of(s, kind);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into ps_endpoints (id, transport, aors, auth, context, disallow, allow, direct_media,
                            webrtc, callerid, dtmf_mode, rtp_symmetric, force_rport, rewrite_contact, max_audio_streams,
                            media_encryption, ice_support, use_avpf, rtcp_mux)
                        values (:id, :transport, :id, :id, :context, 'all', :codecs, 'no', :webrtc, :callerid, :dtmf,
                            'yes', 'yes', 'yes', 1, :encryption, :ice, :avpf, :rtcpMux)
                        on conflict (id) do update set transport = excluded.transport, aors = excluded.aors,
                            auth = excluded.auth, context = excluded.context, allow = excluded.allow,
                            callerid = excluded.callerid, webrtc = excluded.webrtc, dtmf_mode = excluded.dtmf_mode,
                            media_encryption = excluded.media_encryption, ice_support = excluded.ice_support,
                            use_avpf = excluded.use_avpf, rtcp_mux = excluded.rtcp_mux""")
                        .setParameter("id", id).setParameter("transport", media.transport())
                        .setParameter("context", s.context())
                        .setParameter("codecs", codecs(s.codecs(), s.codecOpus(), kind))
                        .setParameter("callerid", "\"Agent " + id + "\" <" + id + ">")
                        .setParameter("webrtc", media.webrtc()).setParameter("dtmf", media.dtmfMode())
                        .setParameter("encryption", media.encryption()).setParameter("ice", media.ice())
                        .setParameter("avpf", media.avpf()).setParameter("rtcpMux", media.rtcpMux())
                        .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                        insert into ps_auths (id, auth_type, username, realm, md5_cred)
                        values (:id, 'md5', :id, :realm, :md5)
                        on conflict (id) do update set realm = excluded.realm, md5_cred = excluded.md5_cred,
                            auth_type = 'md5', password = null""")
                        .setParameter("id", id).setParameter("realm", s.realm()).setParameter("md5", md5)
                        .executeUpdate())
                .chain(() -> session.createNativeQuery("""
                        insert into ps_aors (id, max_contacts, remove_existing, qualify_frequency)
                        values (:id, 1, 'yes', 30) on conflict (id) do nothing""")
                        .setParameter("id", id).executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> remove(List<String> ids) {
        return Panache.getSession().chain(session -> {
            Uni<Integer> done = Uni.createFrom().item(0);
            for (String table : TABLES) {
                done = done.chain(() -> session.createNativeQuery("delete from " + table + " where id in (:ids)")
                        .setParameter("ids", ids).executeUpdate());
            }
            return done;
        }).replaceWithVoid();
    }

    private Uni<Void> removeOthers(List<String> keep) {
        return Panache.getSession().chain(session -> {
            Uni<Integer> done = Uni.createFrom().item(0);
            for (String table : TABLES) {
                done = done.chain(() -> keep.isEmpty()
                        ? session.createNativeQuery("delete from " + table).executeUpdate()
                        : session.createNativeQuery("delete from " + table + " where id not in (:ids)")
                                .setParameter("ids", keep).executeUpdate());
            }
            return done;
        }).replaceWithVoid();
    }
}
