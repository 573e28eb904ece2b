package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class RtNetlinkMessagesTest {
    @Test
    void ipv4AddRequest() {
        byte[] m = RtNetlinkMessages.address(true, 7, 3, IpPrefix.parse("192.0.2.100/24"));
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(m).hasSize(16 + 8 + 8 + 8);
        assertThat(b.getInt(0)).isEqualTo(m.length);
        assertThat(b.getShort(4)).isEqualTo((short) 20); // RTM_NEWADDR
        assertThat(b.getShort(6)).isEqualTo((short) (0x1 | 0x4 | 0x400 | 0x200));
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(m[16]).isEqualTo((byte) 2);  // AF_INET
        assertThat(m[17]).isEqualTo((byte) 24); // prefix length
        assertThat(b.getInt(20)).isEqualTo(3);  // ifindex
        assertThat(b.getShort(24)).isEqualTo((short) 8);
        assertThat(b.getShort(26)).isEqualTo((short) 2); // IFA_LOCAL
        assertThat(HexFormat.of().formatHex(m, 28, 32)).isEqualTo("c0000264");
        assertThat(b.getShort(34)).isEqualTo((short) 1); // IFA_ADDRESS
    }

    @Test
    void ipv6DeleteRequestCarriesNoDad() {
        byte[] m = RtNetlinkMessages.address(false, 9, 4, IpPrefix.parse("2001:db8::1/64"));
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(m).hasSize(16 + 8 + 20 + 20 + 8);
        assertThat(b.getShort(4)).isEqualTo((short) 21); // RTM_DELADDR
        assertThat(b.getShort(6)).isEqualTo((short) (0x1 | 0x4));
        assertThat(m[16]).isEqualTo((byte) 10); // AF_INET6
        assertThat(m[18]).isEqualTo((byte) 0x02); // IFA_F_NODAD
        assertThat(b.getShort(64)).isEqualTo((short) 8);
        assertThat(b.getShort(66)).isEqualTo((short) 8); // IFA_FLAGS
        assertThat(b.getInt(68)).isEqualTo(0x02);
    }

    @Test
    void acknowledgementsAreMatchedBySequence() {
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.nativeOrder());
        b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(5).putInt(0).putInt(-17).put(new byte[16]);
        b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(6).putInt(0).putInt(0).put(new byte[16]);
        assertThat(RtNetlinkMessages.ackErrno(b.array(), 72, 5)).isEqualTo(17);
        assertThat(RtNetlinkMessages.ackErrno(b.array(), 72, 6)).isZero();
        assertThat(RtNetlinkMessages.ackErrno(b.array(), 72, 7)).isEqualTo(Integer.MIN_VALUE);
        assertThat(RtNetlinkMessages.ackErrno(b.array(), 10, 5)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void aRefreshReplacesAndCarriesTheLifetimeInIfaCacheinfo() {
        byte[] m = RtNetlinkMessages.address(RtNetlinkMessages.Request.REFRESH, 11, 3,
                IpPrefix.parse("192.0.2.100/24"), 4);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(m).hasSize(16 + 8 + 8 + 8 + 20);
        assertThat(b.getShort(4)).isEqualTo((short) 20); // RTM_NEWADDR
        assertThat(b.getShort(6)).isEqualTo((short) (0x1 | 0x4 | 0x400 | 0x100)); // CREATE|REPLACE, no EXCL
        assertThat(b.getShort(40)).isEqualTo((short) 20);
        assertThat(b.getShort(42)).isEqualTo((short) 6); // IFA_CACHEINFO
        assertThat(b.getInt(44)).isEqualTo(4);  // ifa_prefered
        assertThat(b.getInt(48)).isEqualTo(4);  // ifa_valid
        byte[] forever = RtNetlinkMessages.address(RtNetlinkMessages.Request.ADD, 12, 3,
                IpPrefix.parse("192.0.2.100/24"), RtNetlinkMessages.INFINITY_LIFE_TIME);
        assertThat(forever).hasSize(16 + 8 + 8 + 8); // no lifetime attribute at all
    }

    @Test
    void vipLifetimesCoverThreeIntervalsAndASecond() {
        org.carpd.core.VhidKey key = new org.carpd.core.VhidKey("eth0", 1);
        java.util.List<IpPrefix> vip = java.util.List.of(IpPrefix.parse("192.0.2.100/24"));
        assertThat(org.carpd.core.Timing.vipLifetimeSeconds(org.carpd.core.VhidSettings.carp(key, 1, 0, false, vip)))
                .isEqualTo(4);
        assertThat(org.carpd.core.Timing.vipLifetimeSeconds(org.carpd.core.VhidSettings.carp(key, 10, 0, false, vip)))
                .isEqualTo(31);
        assertThat(org.carpd.core.Timing.vipLifetimeSeconds(org.carpd.core.VhidSettings.vrrp(key, 100, 5, true, vip)))
                .isEqualTo(2);
        assertThat(org.carpd.core.Timing.vipLifetimeSeconds(org.carpd.core.VhidSettings.vrrp(key, 100, 100, true, vip)))
                .isEqualTo(4);
    }
}
