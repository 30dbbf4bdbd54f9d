package dev.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.channel.sms.internal.SourceAllowList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which callback sources pass the allow-list. */
class SourceAllowListTest {

    @Test
    void singleAddressesAndCidrBlocksOfBothFamilies() {
        SourceAllowList list = new SourceAllowList(List.of("127.0.0.1", "10.20.0.0/16", "192.168.1.128/25", "::1",
                "fd00::/8"));
        assertThat(list.allows("127.0.0.1")).isTrue();
        assertThat(list.allows("127.0.0.2")).isFalse();
        assertThat(list.allows("10.20.255.3")).isTrue();
        assertThat(list.allows("10.21.0.1")).isFalse();
        assertThat(list.allows("192.168.1.200")).isTrue();
        assertThat(list.allows("192.168.1.100")).isFalse();
        assertThat(list.allows("::1")).isTrue();
        assertThat(list.allows("fd12:3456::1")).isTrue();
        assertThat(list.allows("fe80::1")).isFalse();
        assertThat(list.allows("::ffff:127.0.0.1")).isTrue();
    }

    @Test
    void namesAndGarbageNeverPass() {
        SourceAllowList list = new SourceAllowList(List.of("0.0.0.0/0"));
        assertThat(list.allows("8.8.8.8")).isTrue();
        assertThat(list.allows("localhost")).isFalse();
        assertThat(list.allows("")).isFalse();
        assertThat(list.allows(null)).isFalse();
        assertThatThrownBy(() -> new SourceAllowList(List.of("kannel.example"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceAllowList(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
