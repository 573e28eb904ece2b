package org.carpd.link;

import static org.carpd.sys.LinuxConstants.AF_INET;
import static org.carpd.sys.LinuxConstants.AF_INET6;
import static org.carpd.sys.LinuxConstants.IFADDRMSG;
import static org.carpd.sys.LinuxConstants.IFA_ADDRESS;
import static org.carpd.sys.LinuxConstants.IFA_LOCAL;
import static org.carpd.sys.LinuxConstants.NLMSG_HEADER;
import static org.carpd.sys.LinuxConstants.RTM_NEWADDR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads an rtnetlink datagram of address notifications (linux/if_addr.h) to tell whether it only
 * repeats addresses the interfaces already had: RTM_NEWADDR for an address in the monitor's last
 * reading, which is what the kernel sends when carpd renews a VIP's lifetime. Such a datagram
 * changes nothing the monitor reports (an {@link InterfaceInfo} holds which addresses there are,
 * not their lifetimes or flags), so the interfaces need not be read for it. A removal, an address
 * not seen before, any other message or anything malformed is news.
 */
final class RenewedAddresses {
    private RenewedAddresses() {
    }

    /** True when the datagram holds RTM_NEWADDR messages only, each naming an address {@code known} has. */
    static boolean only(byte[] datagram, int length, KnownAddresses known) {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, Math.max(0, Math.min(length, datagram.length)))
                .order(ByteOrder.nativeOrder());
        int end = b.limit();
        int offset = 0;
        boolean any = false;
        while (offset + NLMSG_HEADER <= end) {
            int messageLength = b.getInt(offset);
            int type = b.getShort(offset + 4) & 0xffff;
            if (type != RTM_NEWADDR || messageLength < NLMSG_HEADER + IFADDRMSG || offset + messageLength > end) {
                return false;
            }
            byte[] address = address(b, offset, messageLength);
            int index = b.getInt(offset + NLMSG_HEADER + 4);
            if (address == null || !known.has(index, address)) {
                return false;
            }
            any = true;
            offset += (messageLength + 3) & ~3;
        }
        return any;
    }

    /**
     * The message's own address: IFA_LOCAL where there is one (IFA_ADDRESS is then the peer of a
     * point-to-point link), else IFA_ADDRESS; null when it has neither of a family's length.
     */
    private static byte[] address(ByteBuffer b, int message, int messageLength) {
        int family = b.get(message + NLMSG_HEADER) & 0xff;
        int size = family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
        byte[] local = null;
        byte[] address = null;
        int offset = message + NLMSG_HEADER + IFADDRMSG;
        int end = message + messageLength;
        while (offset + 4 <= end) {
            int attributeLength = b.getShort(offset) & 0xffff;
            int type = b.getShort(offset + 2) & 0xffff;
            if (attributeLength < 4 || offset + attributeLength > end) {
                return null;
            }
            if ((type == IFA_LOCAL || type == IFA_ADDRESS) && attributeLength - 4 == size) {
                byte[] value = Arrays.copyOfRange(b.array(), offset + 4, offset + 4 + size);
                if (type == IFA_LOCAL) {
                    local = value;
                } else {
                    address = value;
                }
            }
            offset += (attributeLength + 3) & ~3;
        }
        return local != null ? local : address;
    }
}
