package dev.switchboard.touchpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the interaction of a touchpoint event without parsing it whole. */
class TouchpointPayloadsTest {

    @Test
    void readsTheEventsOwnInteractionNotOneInsideItsData() {
        String event = "{\"data\": {\"interactionId\": 7, \"nested\": [1, {\"interactionId\": 8}]}, "
                + "\"kind\": \"OFFERED\", \"interactionId\": 42, \"seq\": 3}";
        assertThat(TouchpointPayloads.interactionId(event)).isEqualTo(42L);
    }

    @Test
    void anEventWithoutInteractionOrNotJsonHasNone() {
        assertThat(TouchpointPayloads.interactionId("{\"kind\": \"TIER_CHANGED\", \"customerId\": 5}")).isNull();
        assertThat(TouchpointPayloads.interactionId("{\"interactionId\": null}")).isNull();
        assertThat(TouchpointPayloads.interactionId("not json")).isNull();
        assertThat(TouchpointPayloads.interactionId("[1, 2]")).isNull();
    }
}
