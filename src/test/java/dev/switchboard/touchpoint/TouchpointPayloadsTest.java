package dev.switchboard.touchpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a touchpoint event's own fields without parsing it whole. */
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

    @Test
    void readsTheEventsOwnTextFieldsNotOnesInsideItsData() {
        String event = "{\"data\": {\"kind\": \"note\", \"channel\": \"SMS\"}, \"kind\": \"ENDED\", "
                + "\"channel\": \"CHAT\", \"interactionId\": 42}";
        assertThat(TouchpointPayloads.text(event, "kind")).isEqualTo("ENDED");
        assertThat(TouchpointPayloads.text(event, "channel")).isEqualTo("CHAT");
        assertThat(TouchpointPayloads.text(event, "interactionId")).as("a number is not text").isNull();
        assertThat(TouchpointPayloads.interactionId("{\"interactionId\": \"42\"}")).as("text is not a number")
                .isNull();
        assertThat(TouchpointPayloads.text(event, "employee")).isNull();
        assertThat(TouchpointPayloads.text("{\"kind\": \"ENDED\"", "channel")).as("cut short").isNull();
    }
}
