package org.carpd.addr;

import org.carpd.proto.IpPrefix;
import org.carpd.sys.Os;

/**
 * Adds and removes virtual addresses on an interface through the OS's own interface (rtnetlink
 * on Linux, ioctl on FreeBSD), never through a subprocess.
 */
public interface AddressManager extends AutoCloseable {
    /** Adds the address; returns false when it was already there (not an error for a VIP). */
    boolean add(String interfaceName, IpPrefix address) throws AddressException;

    /**
     * Adds the address with a lifetime (Linux: the kernel deletes it by itself once
     * {@code lifetimeSeconds} pass without a {@link #refresh}), so that a VIP does not outlive a
     * daemon killed with {@code kill -9} or frozen; where the OS has no address lifetimes this is
     * {@link #add(String, IpPrefix)}.
     */
    default boolean add(String interfaceName, IpPrefix address, int lifetimeSeconds) throws AddressException {
        return add(interfaceName, address);
    }

    /** Restarts the lifetime of an address added with one (re-adding it if it went missing). */
    default void refresh(String interfaceName, IpPrefix address, int lifetimeSeconds) throws AddressException {
    }

    /**
     * Linux: the rtnetlink port id of the socket this manager sends its requests on, which the
     * kernel stamps on the RTM_NEWADDR notification of each IPv4 address it adds or renews
     * (nlmsg_pid), so that the link monitor can have the kernel drop carpd's own; 0 where there is
     * none (FreeBSD, or the port could not be learnt).
     */
    default int notificationPort() {
        return 0;
    }

    /** Removes the address; returns false when it was already gone (not an error for a VIP). */
    boolean remove(String interfaceName, IpPrefix address) throws AddressException;

    @Override
    void close();

    /** The implementation for the running OS, chosen once; any other OS is a clear error. */
    static AddressManager forThisOs() throws AddressException {
        return switch (Os.current()) {
            case LINUX -> new LinuxAddressManager();
            case FREEBSD -> new FreeBsdAddressManager();
            case OTHER -> throw new AddressException("carpd manages addresses on Linux and FreeBSD only; this OS is "
                    + Os.hostName());
        };
    }
}
