package dev.switchboard.routing.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the interaction of a touchpoint event without parsing it whole. */
class AgentConnectionsTest {

    @Test
    void readsTheEventsOwnInteractionNotOneInsideItsData() {
        String event = "{\"data\": {\"interactionId\": 7, \"nested\": [1, {\"interactionId\": 8}]}, "
                + "\"kind\": \"OFFERED\", \"interactionId\": 42, \"seq\": 3}";
        assertThat(AgentConnections.topLevelInteractionId(event)).isEqualTo(42L);
    }

    @Test
    void anEventWithoutInteractionOrNotJsonHasNone() {
        assertThat(AgentConnections.topLevelInteractionId("{\"kind\": \"TIER_CHANGED\", \"customerId\": 5}")).isNull();
        assertThat(AgentConnections.topLevelInteractionId("{\"interactionId\": null}")).isNull();
        assertThat(AgentConnections.topLevelInteractionId("not json")).isNull();
        assertThat(AgentConnections.topLevelInteractionId("[1, 2]")).isNull();
    }
}
