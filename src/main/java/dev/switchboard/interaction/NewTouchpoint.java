package dev.switchboard.interaction;

import java.util.Map;

/** A touchpoint to append: the seed's time (now), place, channel, employee, content and result. */
public record NewTouchpoint(long customerId, Long interactionId, TouchpointKind kind, Channel channel,
                            Direction direction, String place, Long agentId, String employee, String content,
                            String result, Map<String, Object> data) {

    /** A touchpoint the service records about a customer, outside any interaction. */
    public static NewTouchpoint system(long customerId, TouchpointKind kind, String employee, String content,
                                       Map<String, Object> data) {
        return new NewTouchpoint(customerId, null, kind, Channel.SYSTEM, null, null, null, employee, content, null, data);
    }
}
