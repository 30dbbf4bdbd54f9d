package dev.switchboard.channel.asterisk.repository;

import dev.switchboard.agent.PhoneKind;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.TouchpointKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records calls touch outside the shared ingest and routing paths: call touchpoints, the
 * state of calls routing does not hold (click-to-call), the open calls to reconcile, the AMI lease.
 */
@ApplicationScoped
public class CallRepository {

    private final Pool pool;

    CallRepository(Pool pool) {
        this.pool = pool;
    }

    /** A call's interaction as reconciliation and controls need it. */
    /** @param routed routing holds the interaction (it has a queue): every inbound call, and call-backs */
    public record CallRecord(long id, long customerId, Channel channel, String direction, String state, Long agentId,
                             String linkedid, String customerAddress, boolean routed) {
    }

    /** One agent's softphone endpoint as its record names it (null: the numbered default). */
    public record AgentEndpoint(long agentId, String name, String sipEndpoint) {
    }

    private static final String CALL_COLUMNS = "select id, customer_id, channel, direction, state, agent_id,"
            + " external_key, customer_address, queue_id is not null from interaction ";

    /** Appends a touchpoint to a call (its own commit) and returns its id. */
    public Uni<Long> touchpoint(long customerId, long interactionId, TouchpointKind kind, Channel channel,
                                String place, Long agentId, String employee, String result, Map<String, Object> data) {
        return pool.preparedQuery("select (append_touchpoint($1, $2, $3, $4, null, $5, $6, $7, null, $8, $9)).id")
                .execute(Tuple.tuple().addValue(customerId).addValue(interactionId).addValue(kind.name())
                        .addValue(channel.name()).addValue(place).addValue(agentId).addValue(employee)
                        .addValue(result).addValue(data == null ? null : new JsonObject(data)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<CallRecord> call(long interactionId) {
        return pool.preparedQuery(CALL_COLUMNS + "where id = $1").execute(Tuple.of(interactionId))
                .map(rows -> rows.size() == 0 ? null : record(rows.iterator().next()));
    }

    /** Calls whose records say they are still going: reconciliation compares them with Asterisk's channels. */
    public Uni<List<CallRecord>> openCalls() {
        return pool.query(CALL_COLUMNS + "where channel in ('VOICE', 'VOIP') and external_key is not null"
                        + " and state in ('NEW', 'QUEUED', 'OFFERED', 'ACTIVE') order by id").execute()
                .map(rows -> {
                    List<CallRecord> list = new ArrayList<>();
                    rows.forEach(r -> list.add(record(r)));
                    return list;
                });
    }

    /** The customer's tier, for the dialplan. */
    public Uni<String> tier(long customerId) {
        return pool.preparedQuery("select tier from customer where id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? "STANDARD" : rows.iterator().next().getString(0));
    }

    /** The id of the queue with this name, or null. */
    public Uni<Long> queueNamed(String name) {
        return pool.preparedQuery("select id from queue where name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    public Uni<List<AgentEndpoint>> agentEndpoints() {
        return pool.query("select id, name, sip_endpoint from agent order by id").execute().map(rows -> {
            List<AgentEndpoint> list = new ArrayList<>();
            rows.forEach(r -> list.add(new AgentEndpoint(r.getLong(0), r.getString(1), r.getString(2))));
            return list;
        });
    }

    /** One agent's endpoint as its record names it, or null when there is no such agent. */
    public Uni<AgentEndpoint> agentEndpoint(long agentId) {
        return pool.preparedQuery("select id, name, sip_endpoint from agent where id = $1").execute(Tuple.of(agentId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new AgentEndpoint(r.getLong(0), r.getString(1), r.getString(2));
                });
    }

    /** What an agent's phone is (WEBRTC when the record is older than the setting), or null when there is no such agent. */
    public Uni<PhoneKind> agentPhoneKind(long agentId) {
        return pool.preparedQuery("select phone_kind from agent where id = $1").execute(Tuple.of(agentId))
                .map(rows -> rows.size() == 0 ? null : PhoneKind.valueOf(rows.iterator().next().getString(0)));
    }

    /** The agent a signed-in user is, or null. */
    public Uni<Long> agentOfUser(String username) {
        return pool.preparedQuery("select a.id from agent a join app_user u on u.id = a.user_id where u.username = $1")
                .execute(Tuple.of(username)).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** Opens a click-to-call interaction held by the agent, keyed by the call's linkedid. */
    public Uni<Long> openOutboundCall(long customerId, Channel channel, long agentId, String number, String linkedid) {
        return pool.preparedQuery("insert into interaction (customer_id, channel, direction, agent_id, state,"
                        + " external_key, customer_address) values ($1, $2, 'OUTBOUND', $3, 'OFFERED', $4, $5)"
                        + " returning id")
                .execute(Tuple.of(customerId, channel.name(), agentId, linkedid, number))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A call routing does not hold was answered. */
    public Uni<Void> answered(long interactionId) {
        return pool.preparedQuery("update interaction set state = 'ACTIVE', answered_at = now()"
                + " where id = $1 and state in ('NEW', 'OFFERED')").execute(Tuple.of(interactionId)).replaceWithVoid();
    }

    /**
     * A call routing does not hold ended: wrap-up after an answer (the agent closes it with a
     * disposition), FAILED when it never connected.
     */
    public Uni<Void> ended(long interactionId, boolean connected) {
        return pool.preparedQuery("update interaction set state = $2, ended_at = now()"
                        + " where id = $1 and state in ('NEW', 'OFFERED', 'ACTIVE')")
                .execute(Tuple.of(interactionId, connected ? "WRAP_UP" : "FAILED")).replaceWithVoid();
    }

    /** Takes or renews a gateway lease; true when this owner holds it afterwards. */
    public Uni<Boolean> lease(String name, String owner, Duration duration) {
        return pool.preparedQuery("""
                        insert into gateway_lease (name, owner, until) values ($1, $2, now() + $3 * interval '1 millisecond')
                        on conflict (name) do update set owner = excluded.owner, until = excluded.until
                        where gateway_lease.owner = excluded.owner or gateway_lease.until < now()
                        returning owner""")
                .execute(Tuple.of(name, owner, duration.toMillis()))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> releaseLease(String name, String owner) {
        return pool.preparedQuery("delete from gateway_lease where name = $1 and owner = $2")
                .execute(Tuple.of(name, owner)).replaceWithVoid();
    }

    /** The customer's first phone number (E.164), or null. */
    public Uni<String> phone(long customerId) {
        return pool.preparedQuery("select value from contact_point where customer_id = $1 and type = 'PHONE'"
                        + " order by id limit 1").execute(Tuple.of(customerId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    public Uni<Boolean> customerExists(long customerId) {
        return pool.preparedQuery("select 1 from customer where id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.size() > 0);
    }

    private static CallRecord record(Row r) {
        return new CallRecord(r.getLong(0), r.getLong(1), Channel.valueOf(r.getString(2)), r.getString(3),
                r.getString(4), r.getLong(5), r.getString(6), r.getString(7), r.getBoolean(8));
    }
}
