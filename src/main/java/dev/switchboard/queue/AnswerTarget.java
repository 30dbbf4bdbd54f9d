package dev.switchboard.queue;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Objects;

/** How soon a queue should answer a contact of one customer tier on one channel. */
@Embeddable
public class AnswerTarget {
    @Enumerated(EnumType.STRING)
    public Tier tier;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    public int targetSeconds;

    public AnswerTarget() {
    }

    public AnswerTarget(Tier tier, Channel channel, int targetSeconds) {
        this.tier = tier;
        this.channel = channel;
        this.targetSeconds = targetSeconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnswerTarget t && tier == t.tier && channel == t.channel
                && targetSeconds == t.targetSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tier, channel, targetSeconds);
    }
}
