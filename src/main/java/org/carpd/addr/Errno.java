package org.carpd.addr;

import java.util.Map;

/** errno names by number, per OS: FreeBSD's numbers differ from Linux's beyond the first few. */
public final class Errno {
    static final int LINUX_EEXIST = 17;
    static final int LINUX_EADDRNOTAVAIL = 99;
    static final int FREEBSD_EEXIST = 17;
    static final int FREEBSD_EADDRNOTAVAIL = 49;

    private static final Map<Integer, String> LINUX = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"), Map.entry(22, "EINVAL"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(99, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"), Map.entry(105, "ENOBUFS"),
            Map.entry(11, "EAGAIN"), Map.entry(110, "ETIMEDOUT"));

    private static final Map<Integer, String> FREEBSD = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(6, "ENXIO"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(17, "EEXIST"), Map.entry(22, "EINVAL"), Map.entry(35, "EAGAIN"),
            Map.entry(39, "EDESTADDRREQ"), Map.entry(40, "EMSGSIZE"), Map.entry(43, "EPROTONOSUPPORT"),
            Map.entry(45, "EOPNOTSUPP"), Map.entry(47, "EAFNOSUPPORT"), Map.entry(48, "EADDRINUSE"),
            Map.entry(49, "EADDRNOTAVAIL"), Map.entry(50, "ENETDOWN"), Map.entry(55, "ENOBUFS"));

    private Errno() {
    }

    public static String linux(int errno) {
        return LINUX.getOrDefault(errno, "errno " + errno);
    }

    public static String freebsd(int errno) {
        return FREEBSD.getOrDefault(errno, "errno " + errno);
    }
}
