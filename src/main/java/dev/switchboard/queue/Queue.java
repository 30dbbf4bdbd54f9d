package dev.switchboard.queue;

import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.ChannelSetConverter;
import dev.switchboard.platform.database.IdListConverter;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A queue of waiting work: which channels it takes, the skills it needs, how fast to answer, where to overflow. */
@Entity
@Table(name = "queue")
public class Queue extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Convert(converter = ChannelSetConverter.class)
    public Set<Channel> channels = EnumSet.noneOf(Channel.class);
    /** Skill name to the minimum level an agent needs, 1 to 10. */
    @ElementCollection
    @CollectionTable(name = "queue_skill", joinColumns = @JoinColumn(name = "queue_id"))
    @MapKeyColumn(name = "skill")
    @Column(name = "level")
    public Map<String, Integer> skills = new HashMap<>();
    /** This queue's own targets; (tier, channel) pairs without one use the configured default. */
    @ElementCollection
    @CollectionTable(name = "queue_answer_target", joinColumns = @JoinColumn(name = "queue_id"))
    public Set<AnswerTarget> answerTargets = new HashSet<>();
    /** Teams whose agents serve this queue; empty means every team. */
    @Convert(converter = IdListConverter.class)
    public List<Long> teams = List.of();
    public Long overflowQueueId;
    /** Teams whose agents may take this queue's work when it overflows, in order of preference. */
    @Convert(converter = IdListConverter.class)
    public List<Long> overflowTeams = List.of();
    /** Opening hours, free text for now, e.g. "Mon-Fri 09:00-18:00 Asia/Shanghai". */
    public String businessHours;
    /** The outcomes an agent may give at wrap-up, in the order the console shows them; empty accepts any. */
    @Convert(converter = DispositionsConverter.class)
    public List<Disposition> dispositions = new ArrayList<>();
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime updatedAt = OffsetDateTime.now();

    /** The codes of the queue's dispositions, in order; empty when it accepts any. */
    public List<String> dispositionCodes() {
        return dispositions == null ? List.of() : dispositions.stream().map(Disposition::code).toList();
    }
}
