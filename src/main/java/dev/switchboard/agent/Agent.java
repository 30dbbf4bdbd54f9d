package dev.switchboard.agent;

import dev.switchboard.customer.Tier;
import dev.switchboard.customer.TierSetConverter;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.ChannelSetConverter;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A service-centre agent: what it may serve (tiers, channels, skills) and how much at once (capacity). */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntityBase {

    /** Weighted capacity of an agent unless set otherwise; routing charges each contact against it. */
    public static final int DEFAULT_CAPACITY = 100;
    /** The channels of an agent unless set otherwise: every contact channel but API. */
    public static final Set<Channel> DEFAULT_CHANNELS = Set.copyOf(EnumSet.of(Channel.VOICE, Channel.VOIP,
            Channel.FAX, Channel.EMAIL, Channel.CHAT, Channel.SMS));

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The user who signs in as this agent; one agent per user. */
    public Long userId;
    public String name;
    public Long teamId;
    @Enumerated(EnumType.STRING)
    public ServiceTier serviceTier = ServiceTier.FIRST_LINE;
    /** The customer tiers this agent may serve. */
    @Convert(converter = TierSetConverter.class)
    public Set<Tier> tierClearance = EnumSet.of(Tier.STANDARD);
    @Convert(converter = ChannelSetConverter.class)
    public Set<Channel> channels = EnumSet.copyOf(DEFAULT_CHANNELS);
    public int capacity = DEFAULT_CAPACITY;
    /** The PJSIP endpoint of the agent's softphone, e.g. {@code PJSIP/agent-17}. */
    public String sipEndpoint;
    /** What the agent's phone is: the console's WebRTC softphone unless set otherwise. */
    @Enumerated(EnumType.STRING)
    public PhoneKind phoneKind = PhoneKind.WEBRTC;
    /** Skill name to level, 1 (basic) to 10 (expert). */
    @ElementCollection
    @CollectionTable(name = "agent_skill", joinColumns = @JoinColumn(name = "agent_id"))
    @MapKeyColumn(name = "skill")
    @Column(name = "level")
    public Map<String, Integer> skills = new HashMap<>();
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime updatedAt = OffsetDateTime.now();
}
