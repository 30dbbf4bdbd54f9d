package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.agent.PhoneKind;
import dev.switchboard.channel.asterisk.rest.SoftphoneResource;
import dev.switchboard.channel.asterisk.service.AgentEndpoints;
import dev.switchboard.channel.asterisk.service.CallIntake;
import dev.switchboard.channel.asterisk.service.SoftphoneProvisioning;
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
    void opusIsOfferedOnlyWhenAsteriskHasCodecOpusAndThenFirstToBrowsers() {
        assertThat(SoftphoneProvisioning.codecs("ulaw,alaw", false, PhoneKind.WEBRTC)).isEqualTo("ulaw,alaw");
        assertThat(SoftphoneProvisioning.codecs("opus, ulaw,alaw", false, PhoneKind.WEBRTC)).isEqualTo("ulaw,alaw");
        assertThat(SoftphoneProvisioning.codecs("ulaw,alaw", true, PhoneKind.WEBRTC)).isEqualTo("opus,ulaw,alaw");
        assertThat(SoftphoneProvisioning.codecs("ulaw,alaw", true, PhoneKind.SIP)).isEqualTo("ulaw,alaw");
        assertThat(SoftphoneProvisioning.codecs("alaw,opus", true, PhoneKind.SIP)).isEqualTo("alaw,opus");
        assertThat(SoftphoneProvisioning.codecs("opus", false, PhoneKind.SIP)).isEqualTo("ulaw,alaw");
    }

    @Test
    void aFromHeaderLosesItsDialogTagAndKeepsTheRest() {
        assertThat(CallIntake.fromWithoutTag("\"Bob\" <sip:bob@example.com>;tag=a1b2c3"))
                .isEqualTo("\"Bob\" <sip:bob@example.com>");
        assertThat(CallIntake.fromWithoutTag("<sip:bob@example.com;transport=tcp>;tag=x;epid=9"))
                .isEqualTo("<sip:bob@example.com;transport=tcp>;epid=9");
        assertThat(CallIntake.fromWithoutTag("sip:bob@example.com;tag=abc")).isEqualTo("sip:bob@example.com");
        assertThat(CallIntake.fromWithoutTag("<sip:bob@example.com>")).isEqualTo("<sip:bob@example.com>");
        assertThat(CallIntake.fromWithoutTag(null)).isNull();
    }

    @Test
    void anE164NumberBecomesTheTrunksDialString() {
        assertThat(DialString.of("+8613800138000", "+", java.util.Optional.empty())).isEqualTo("8613800138000");
        assertThat(DialString.of("+8613800138000", "+", java.util.Optional.of("00"))).isEqualTo("008613800138000");
        assertThat(DialString.of("+8613800138000", "+86", java.util.Optional.of("0"))).isEqualTo("013800138000");
        assertThat(DialString.of("13800138000", "+", java.util.Optional.empty())).isEqualTo("13800138000");
    }
}
