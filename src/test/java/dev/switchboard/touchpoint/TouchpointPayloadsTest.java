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
        assertThat(TouchpointPayloads.texts(event, "kind", "channel", "interactionId", "employee"))
                .as("a number is not text; a field the event lacks is null")
                .containsExactly("ENDED", "CHAT", null, null);
        assertThat(TouchpointPayloads.texts("{\"kind\": \"ENDED\", \"kind\": \"MESSAGE_IN\"}", "kind"))
                .as("the first of a repeated field").containsExactly("ENDED");
        assertThat(TouchpointPayloads.interactionId("{\"interactionId\": \"42\"}")).as("text is not a number")
                .isNull();
        assertThat(TouchpointPayloads.texts("{\"kind\": \"ENDED\"", "kind", "channel")).as("cut short")
                .containsExactly(null, null);
    }
}
