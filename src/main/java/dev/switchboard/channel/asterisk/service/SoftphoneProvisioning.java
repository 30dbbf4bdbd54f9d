package dev.switchboard.channel.asterisk.service;

import dev.switchboard.agent.Agent;
import dev.switchboard.agent.AgentHook;
import dev.switchboard.channel.asterisk.AsteriskConfig;
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
 * to the agent records: one WebRTC endpoint per agent, written in the transaction that changes the
 * agent, so provisioning a softphone needs no file edit and no reload. The service owns these tables:
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

    SoftphoneProvisioning(AsteriskConfig config, AgentEndpoints endpoints, CallEventLoop loop) {
        this.loop = loop;
        this.config = config;
        this.endpoints = endpoints;
    }

    void onStart(@Observes StartupEvent event) {
        if (active()) {
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
        return upsert(id).chain(() -> before.equals(id) ? Uni.createFrom().voidItem() : remove(List.of(before)));
    }

    @Override
    public Uni<Void> agentDeleted(Agent agent) {
        return active() ? remove(List.of(endpoints.endpointOf(agent.id, agent.sipEndpoint))) : Uni.createFrom().voidItem();
    }

    /** Writes every agent's endpoint and removes rows of no agent (at start: settings may have changed). */
    Uni<Void> syncAll() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select id, sip_endpoint from agent order by id",
                        Object[].class).getResultList())
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    List<String> ids = new java.util.ArrayList<>();
                    for (Object[] row : rows) {
                        String id = endpoints.endpointOf(((Number) row[0]).longValue(), (String) row[1]);
                        ids.add(id);
                        all = all.chain(() -> upsert(id));
                    }
                    return all.chain(() -> removeOthers(ids));
                });
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

    private Uni<Void> upsert(String id) {
        AsteriskConfig.Softphone s = config.softphone();
        String md5 = md5Credential(id, s.realm(), password(id));
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into ps_endpoints (id, transport, aors, auth, context, disallow, allow, direct_media,
                            webrtc, callerid, dtmf_mode, rtp_symmetric, force_rport, rewrite_contact, max_audio_streams)
                        values (:id, :transport, :id, :id, :context, 'all', :codecs, 'no', 'yes', :callerid, 'auto',
                            'yes', 'yes', 'yes', 1)
                        on conflict (id) do update set transport = excluded.transport, aors = excluded.aors,
                            auth = excluded.auth, context = excluded.context, allow = excluded.allow,
                            callerid = excluded.callerid""")
                        .setParameter("id", id).setParameter("transport", s.transport())
                        .setParameter("context", s.context()).setParameter("codecs", s.codecs())
                        .setParameter("callerid", "\"Agent " + id + "\" <" + id + ">")
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
