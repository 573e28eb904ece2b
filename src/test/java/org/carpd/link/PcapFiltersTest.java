package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A reload's filter is checked on a handle of no interface before the capture is asked to install it. */
class PcapFiltersTest {
    @Test
    void aFilterThatCompilesForEthernetPasses() {
        assertThatCode(() -> PcapFilters.check(1536, "ip proto 112 or ip6 proto 112")).doesNotThrowAnyException();
        assertThatCode(() -> PcapFilters.check(1536, CaptureFilter.NOTHING)).doesNotThrowAnyException();
    }

    @Test
    void aFilterThatDoesNotCompileGivesLibpcapsReason() {
        assertThatThrownBy(() -> PcapFilters.check(1536, "ether proto (")).isInstanceOf(IOException.class)
                .hasMessageContaining("syntax error");
    }

    @Test
    void aFilterLibpcapCannotApplyToEthernetIsRefused() {
        // a name of 802.11 headers: it compiles only for Wi-Fi link types, not for carpd's Ethernet
        assertThatThrownBy(() -> PcapFilters.check(1536, "wlan type mgt")).isInstanceOf(IOException.class);
    }
}
