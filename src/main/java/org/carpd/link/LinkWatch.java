package org.carpd.link;

/**
 * Tells the link monitor when to read its interfaces again, from the kernel's own notifications:
 * rtnetlink on Linux ({@link LinkEvents}), a PF_ROUTE socket on FreeBSD ({@link FreeBsdLinkEvents}).
 */
interface LinkWatch extends AutoCloseable {
    /**
     * Blocks until a reason to read comes (true) or a short wake-up passes without one (false,
     * so that the caller can check whether to stop).
     */
    boolean await();

    @Override
    void close();

    /**
     * The running OS's notifications; null where there are none (the monitor then polls). On
     * Linux, a notification that only repeats an address {@code known} has wakes no read, and those
     * of the address requests of netlink port {@code ownPort} (carpd's own; 0: none) are dropped
     * by the kernel.
     */
    static LinkWatch open(KnownAddresses known, int ownPort) {
        return switch (org.carpd.sys.Os.current()) {
            case LINUX -> RoutingSocketWatch.openOnHost("rtnetlink",
                    (c, clock) -> LinkEvents.open(c, clock, known, ownPort));
            case FREEBSD -> RoutingSocketWatch.openOnHost("PF_ROUTE", FreeBsdLinkEvents::open);
            case OTHER -> null;
        };
    }
}
