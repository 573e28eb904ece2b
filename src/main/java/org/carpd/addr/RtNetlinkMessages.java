package org.carpd.addr;

import static org.carpd.sys.LinuxConstants.AF_INET;
import static org.carpd.sys.LinuxConstants.AF_INET6;
import static org.carpd.sys.LinuxConstants.IFADDRMSG;
import static org.carpd.sys.LinuxConstants.IFA_ADDRESS;
import static org.carpd.sys.LinuxConstants.IFA_LOCAL;
import static org.carpd.sys.LinuxConstants.NLMSG_HEADER;
import static org.carpd.sys.LinuxConstants.RTM_NEWADDR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * rtnetlink RTM_NEWADDR / RTM_DELADDR requests and their acknowledgements, as byte images in the
 * host's byte order (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h).
 */
final class RtNetlinkMessages {
    static final int RTM_DELADDR = 21;
    static final int NLMSG_ERROR = 2;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int IFA_CACHEINFO = 6;
    static final int IFA_FLAGS = 8;
    /** ifa_cacheinfo's lifetimes: this value means forever. */
    static final int INFINITY_LIFE_TIME = 0xFFFFFFFF;
    static final int IFA_F_NODAD = 0x02;

    private RtNetlinkMessages() {
    }

    /**
     * An add (with NLM_F_CREATE|NLM_F_EXCL, so that "already there" comes back as EEXIST) or a
     * delete of one address. IPv6 addresses carry IFA_F_NODAD: a VIP moving between hosts must be
     * usable at once, not after duplicate address detection.
     */
    static byte[] address(boolean add, int sequence, int interfaceIndex, IpPrefix address) {
        return address(add ? Request.ADD : Request.DELETE, sequence, interfaceIndex, address, INFINITY_LIFE_TIME);
    }

    /** What an address request does. */
    enum Request {
        /** NLM_F_CREATE|NLM_F_EXCL: "already there" comes back as EEXIST. */
        ADD,
        /** NLM_F_CREATE|NLM_F_REPLACE: sets the lifetime of the address, adding it if missing. */
        REFRESH,
        DELETE
    }

    /**
     * An address request; for ADD and REFRESH with IFA_CACHEINFO carrying the preferred and valid
     * lifetime ({@link #INFINITY_LIFE_TIME}: forever), after which the kernel deletes the address.
     */
    static byte[] address(Request request, int sequence, int interfaceIndex, IpPrefix address, int lifetimeSeconds) {
        boolean add = request != Request.DELETE;
        byte[] bytes = address.address();
        int attribute = align(4 + bytes.length);
        boolean v6 = address.family() == Family.INET6;
        boolean lifetime = add && lifetimeSeconds != INFINITY_LIFE_TIME;
        int length = NLMSG_HEADER + IFADDRMSG + 2 * attribute + (v6 ? 8 : 0) + (lifetime ? 4 + 16 : 0);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putInt(length);
        b.putShort((short) (add ? RTM_NEWADDR : RTM_DELADDR));
        int flags = switch (request) {
            case ADD -> NLM_F_CREATE | NLM_F_EXCL;
            case REFRESH -> NLM_F_CREATE | NLM_F_REPLACE;
            case DELETE -> 0;
        };
        b.putShort((short) (NLM_F_REQUEST | NLM_F_ACK | flags));
        b.putInt(sequence);
        b.putInt(0); // the kernel fills in our port id
        b.put((byte) (v6 ? AF_INET6 : AF_INET));
        b.put((byte) address.prefixLength());
        b.put((byte) (v6 ? IFA_F_NODAD : 0));
        b.put((byte) 0); // RT_SCOPE_UNIVERSE
        b.putInt(interfaceIndex);
        putAttribute(b, IFA_LOCAL, bytes);
        putAttribute(b, IFA_ADDRESS, bytes);
        if (v6) {
            b.putShort((short) 8).putShort((short) IFA_FLAGS).putInt(IFA_F_NODAD);
        }
        if (lifetime) { // struct ifa_cacheinfo { u32 ifa_prefered, ifa_valid, cstamp, tstamp; }
            b.putShort((short) 20).putShort((short) IFA_CACHEINFO);
            b.putInt(lifetimeSeconds).putInt(lifetimeSeconds).putInt(0).putInt(0);
        }
        return b.array();
    }

    private static void putAttribute(ByteBuffer b, int type, byte[] value) {
        int start = b.position();
        b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        b.position(start + align(4 + value.length));
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /**
     * The errno of the acknowledgement to {@code sequence} in a received datagram (0 = success),
     * or {@code Integer.MIN_VALUE} when the datagram holds no such acknowledgement.
     */
    static int ackErrno(byte[] datagram, int length, int sequence) {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        int offset = 0;
        while (offset + NLMSG_HEADER <= length) {
            int messageLength = b.getInt(offset);
            int type = b.getShort(offset + 4) & 0xffff;
            int seq = b.getInt(offset + 8);
            if (messageLength < NLMSG_HEADER || offset + messageLength > length) {
                return Integer.MIN_VALUE;
            }
            if (type == NLMSG_ERROR && seq == sequence && messageLength >= NLMSG_HEADER + 4) {
                return -b.getInt(offset + NLMSG_HEADER);
            }
            offset += align(messageLength);
        }
        return Integer.MIN_VALUE;
    }
}
