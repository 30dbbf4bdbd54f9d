package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallRepository.AgentEndpoint;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * Which PJSIP endpoint is whose: an agent's endpoint id is the one its record names
 * ({@code PJSIP/6101} → {@code 6101}), else {@code extension-base + agent id}. Channel names
 * ({@code PJSIP/6017-0000002a}) are read back to the agent.
 */
@ApplicationScoped
public class AgentEndpoints {

    private final CallRepository repository;
    private final int base;
    private volatile Map<String, Long> agentByEndpoint = Map.of();
    private volatile Map<Long, String> endpointByAgent = Map.of();
    private volatile Map<Long, String> names = Map.of();

    AgentEndpoints(CallRepository repository, AsteriskConfig config) {
        this.repository = repository;
        this.base = config.extensionBase();
    }

    /** The endpoint id of an agent whose record names this endpoint (or none). */
    public String endpointOf(long agentId, String sipEndpoint) {
        if (sipEndpoint != null && !sipEndpoint.isBlank()) {
            String s = sipEndpoint.trim();
            int slash = s.indexOf('/');
            return slash >= 0 ? s.substring(slash + 1) : s;
        }
        return Long.toString(base + agentId);
    }

    /** Reloads the map from the agent records. */
    public Uni<Void> reload() {
        return repository.agentEndpoints().invoke(this::fill).replaceWithVoid();
    }

    /**
     * The agent's endpoint id as its record says now (one row read, so a changed record counts at once),
     * remembered for reading its channels back; null when there is no such agent.
     */
    public Uni<String> endpoint(long agentId) {
        return repository.agentEndpoint(agentId).map(e -> e == null ? null : remember(e));
    }

    private synchronized String remember(AgentEndpoint e) {
        String id = endpointOf(e.agentId(), e.sipEndpoint());
        Map<String, Long> byEndpoint = new HashMap<>(agentByEndpoint);
        Map<Long, String> byAgent = new HashMap<>(endpointByAgent);
        Map<Long, String> byName = new HashMap<>(names);
        String before = byAgent.put(e.agentId(), id);
        if (before != null && !before.equals(id)) {
            byEndpoint.remove(before);
        }
        byEndpoint.put(id, e.agentId());
        if (e.name() != null) {
            byName.put(e.agentId(), e.name());
        }
        agentByEndpoint = Map.copyOf(byEndpoint);
        endpointByAgent = Map.copyOf(byAgent);
        names = Map.copyOf(byName);
        return id;
    }

    /** The agent's display name, for the touchpoint's employee; null when not known. */
    public String name(Long agentId) {
        return agentId == null ? null : names.get(agentId);
    }

    /** The agent a channel belongs to ({@code PJSIP/6017-0000002a}), or null for a customer's or a trunk's. */
    public Long agentOfChannel(String channel) {
        String endpoint = endpointOfChannel(channel);
        return endpoint == null ? null : agentByEndpoint.get(endpoint);
    }

    /** {@code 6017} from {@code PJSIP/6017-0000002a}; null for anything but a PJSIP channel. */
    public static String endpointOfChannel(String channel) {
        if (channel == null || !channel.startsWith("PJSIP/")) {
            return null;
        }
        String rest = channel.substring("PJSIP/".length());
        int dash = rest.lastIndexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }

    private synchronized void fill(List<AgentEndpoint> endpoints) {
        Map<String, Long> byEndpoint = new HashMap<>();
        Map<Long, String> byAgent = new HashMap<>();
        Map<Long, String> byName = new HashMap<>();
        for (AgentEndpoint e : endpoints) {
            String id = endpointOf(e.agentId(), e.sipEndpoint());
            byEndpoint.put(id, e.agentId());
            byAgent.put(e.agentId(), id);
            if (e.name() != null) {
                byName.put(e.agentId(), e.name());
            }
        }
        names = Map.copyOf(byName);
        agentByEndpoint = Map.copyOf(byEndpoint);
        endpointByAgent = Map.copyOf(byAgent);
    }
}
