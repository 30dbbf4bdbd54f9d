package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.asterisk.rest.SoftphoneResource;
import dev.switchboard.channel.asterisk.service.AgentEndpoints;
import org.junit.jupiter.api.Test;

/** How the adapter reads and writes Asterisk's names: channel names, ICE server settings, dial strings. */
class AsteriskNamesTest {

    @Test
    void aChannelNameGivesItsEndpointAndOnlyPjsipChannelsHaveOne() {
        assertThat(AgentEndpoints.endpointOfChannel("PJSIP/6017-0000002a")).isEqualTo("6017");
        assertThat(AgentEndpoints.endpointOfChannel("PJSIP/sipp-00000003")).isEqualTo("sipp");
        assertThat(AgentEndpoints.endpointOfChannel("PJSIP/agent-7-00000003")).isEqualTo("agent-7");
        assertThat(AgentEndpoints.endpointOfChannel("Local/6002@sb-agent-00000004;1")).isNull();
        assertThat(AgentEndpoints.endpointOfChannel(null)).isNull();
    }

    @Test
    void iceServersWithCredentialsBecomeTheBrowsersForm() {
        SoftphoneResource.IceServer turn = SoftphoneResource.ice("turn:alice:s3cret@turn.example.com:3478");
        assertThat(turn.urls()).isEqualTo("turn:turn.example.com:3478");
        assertThat(turn.username()).isEqualTo("alice");
        assertThat(turn.credential()).isEqualTo("s3cret");
        SoftphoneResource.IceServer stun = SoftphoneResource.ice("stun:stun.example.com:3478");
        assertThat(stun.urls()).isEqualTo("stun:stun.example.com:3478");
        assertThat(stun.username()).isNull();
    }

    @Test
    void anE164NumberBecomesTheTrunksDialString() {
        assertThat(DialString.of("+8613800138000", "+", java.util.Optional.empty())).isEqualTo("8613800138000");
        assertThat(DialString.of("+8613800138000", "+", java.util.Optional.of("00"))).isEqualTo("008613800138000");
        assertThat(DialString.of("+8613800138000", "+86", java.util.Optional.of("0"))).isEqualTo("013800138000");
        assertThat(DialString.of("13800138000", "+", java.util.Optional.empty())).isEqualTo("13800138000");
    }
}
