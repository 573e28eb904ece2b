package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.sys.Os;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Linux address manager learns its rtnetlink port id at start (a netlink socket and its bind
 * need no privilege), which the link monitor's kernel filter needs; two managers get two ports.
 */
class LinuxAddressManagerPortTest {
    @Test
    void theManagersSocketIsBoundAtOnceAndKnowsItsPort() throws AddressException {
        Assumptions.assumeTrue(Os.current() == Os.LINUX);
        try (LinuxAddressManager first = new LinuxAddressManager();
             LinuxAddressManager second = new LinuxAddressManager()) {
            assertThat(first.notificationPort()).isNotZero();
            assertThat(second.notificationPort()).isNotZero().isNotEqualTo(first.notificationPort());
        }
    }
}
