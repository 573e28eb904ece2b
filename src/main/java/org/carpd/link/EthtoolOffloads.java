package org.carpd.link;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.sys.SocketCalls;

/**
 * Whether a Linux interface has any segmentation or receive offload on, asked the way libpcap
 * 1.10's iface_get_offload asks (so carpd knows the ring libpcap built, {@link TpacketRing}): the
 * SIOCETHTOOL queries for TSO, GSO, the LRO flag, GRO and then UFO, on the capture's own socket;
 * the first one on answers yes. A query the driver does not support (EOPNOTSUPP, EINVAL; and EPERM
 * for UFO, which newer kernels refuse that way) counts as off, as in libpcap.
 */
final class EthtoolOffloads {
    static final long SIOCETHTOOL = 0x8946;
    static final int ETHTOOL_GTSO = 0x1e;
    static final int ETHTOOL_GUFO = 0x21;
    static final int ETHTOOL_GGSO = 0x23;
    static final int ETHTOOL_GFLAGS = 0x25;
    static final int ETHTOOL_GGRO = 0x2b;
    static final int ETH_FLAG_LRO = 1 << 15;
    /** struct ifreq on Linux LP64: the name (IFNAMSIZ 16), then a union whose ifr_data pointer is at 16. */
    static final int IFREQ_BYTES = 40;
    static final int IFR_DATA = 16;
    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;

    private EthtoolOffloads() {
    }

    /**
     * True when any offload libpcap checks is on. An error libpcap would have failed the capture's
     * activation with (so only a race with the interface going away) answers true: slots sized
     * for the snapshot length, the larger guess.
     */
    static boolean anyOn(SocketCalls calls, int fd, String interfaceName) {
        // struct ethtool_value: u32 cmd, u32 data, pointed at by ifr_data
        Memory value = new Memory(8);
        byte[] ifreq = new byte[IFREQ_BYTES];
        byte[] name = interfaceName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ifreq, 0, Math.min(name.length, 15));
        ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).putLong(IFR_DATA, Pointer.nativeValue(value));
        try {
            return query(calls, fd, ifreq, value, ETHTOOL_GTSO, false) != 0
                    || query(calls, fd, ifreq, value, ETHTOOL_GGSO, false) != 0
                    || (query(calls, fd, ifreq, value, ETHTOOL_GFLAGS, false) & ETH_FLAG_LRO) != 0
                    || query(calls, fd, ifreq, value, ETHTOOL_GGRO, false) != 0
                    || query(calls, fd, ifreq, value, ETHTOOL_GUFO, true) != 0;
        } catch (LastErrorException e) {
            return true;
        } finally {
            value.close();
        }
    }

    private static int query(SocketCalls calls, int fd, byte[] ifreq, Memory value, int command, boolean epermIsOff) {
        value.setInt(0, command);
        value.setInt(4, 0);
        try {
            calls.ioctl(fd, SIOCETHTOOL, ifreq);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == EOPNOTSUPP || errno == EINVAL || errno == EPERM && epermIsOff) {
                return 0;
            }
            throw e;
        }
        return value.getInt(4);
    }
}
