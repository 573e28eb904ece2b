package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.sys.UnexpectedSocketCalls;
import org.junit.jupiter.api.Test;

/**
 * The offload queries libpcap 1.10's iface_get_offload makes, in its order and with its reading
 * of errors, answered by a fake ioctl that reads the struct ifreq and the struct ethtool_value
 * its ifr_data points at, as the kernel does.
 */
class EthtoolOffloadsTest {
    private static final int FD = 7;

    /** A driver: each ETHTOOL_G* command's value, or a negative errno to fail with. */
    private static final class Driver extends UnexpectedSocketCalls {
        final Map<Integer, Integer> answers = new HashMap<>();
        final List<Integer> asked = new ArrayList<>();

        @Override
        public int ioctl(int fd, long request, byte[] ifreq) {
            assertThat(fd).isEqualTo(FD);
            assertThat(request).isEqualTo(EthtoolOffloads.SIOCETHTOOL);
            assertThat(new String(ifreq, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("eth0\0");
            Pointer value = new Pointer(ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder())
                    .getLong(EthtoolOffloads.IFR_DATA));
            int command = value.getInt(0);
            asked.add(command);
            int answer = answers.getOrDefault(command, 0);
            if (answer < 0) {
                throw new LastErrorException(-answer);
            }
            value.setInt(4, answer);
            return 0;
        }
    }

    private final Driver driver = new Driver();

    private boolean anyOn() {
        return EthtoolOffloads.anyOn(driver, FD, "eth0");
    }

    @Test
    void everyOffloadOffIsAskedInLibpcapsOrder() {
        driver.answers.put(EthtoolOffloads.ETHTOOL_GFLAGS, 0x7fff_ffff & ~EthtoolOffloads.ETH_FLAG_LRO); // other flags only
        assertThat(anyOn()).isFalse();
        assertThat(driver.asked).containsExactly(EthtoolOffloads.ETHTOOL_GTSO, EthtoolOffloads.ETHTOOL_GGSO,
                EthtoolOffloads.ETHTOOL_GFLAGS, EthtoolOffloads.ETHTOOL_GGRO, EthtoolOffloads.ETHTOOL_GUFO);
    }

    @Test
    void theFirstOffloadOnAnswers() {
        driver.answers.put(EthtoolOffloads.ETHTOOL_GGSO, 1);
        assertThat(anyOn()).isTrue();
        assertThat(driver.asked).containsExactly(EthtoolOffloads.ETHTOOL_GTSO, EthtoolOffloads.ETHTOOL_GGSO);
    }

    @Test
    void largeReceiveOffloadIsAFlag() {
        driver.answers.put(EthtoolOffloads.ETHTOOL_GFLAGS, EthtoolOffloads.ETH_FLAG_LRO);
        assertThat(anyOn()).isTrue();
    }

    @Test
    void unsupportedQueriesCountAsOffAsInLibpcap() {
        driver.answers.put(EthtoolOffloads.ETHTOOL_GTSO, -95); // EOPNOTSUPP
        driver.answers.put(EthtoolOffloads.ETHTOOL_GGSO, -22); // EINVAL
        driver.answers.put(EthtoolOffloads.ETHTOOL_GUFO, -1); // EPERM: newer kernels refuse UFO so
        assertThat(anyOn()).isFalse();
        assertThat(driver.asked).hasSize(5);
    }

    @Test
    void anErrorLibpcapWouldHaveFailedOnGuessesOffloadsOn() {
        driver.answers.put(EthtoolOffloads.ETHTOOL_GTSO, -1); // EPERM on the first query
        assertThat(anyOn()).as("slots for the whole snapshot: the larger guess").isTrue();
    }
}
